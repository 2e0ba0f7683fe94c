import { orderFilters } from "./orderFilters.js"

/**
 * The parameter names the public sources show for the endpoints this client calls, as they may appear
 * after the colon of `invalid_value:<param>`, `invalid_chars:<param>` and `required_param:<param>`.
 * Only these reach the caller (`errors[].param` and the `detail` sentence); any other name is
 * upstream-written text (it may be an e-mail address or a token) and becomes a generic issue.
 *
 * Each name is cited in CONTRACT.md ("Order request body"); names no source shows are left out
 * (a name left out only makes an error's parameter generic, never a call fail). Each body field is
 * listed by its full dotted path and, since DigiCert also names fields without their parent
 * (`invalid_chars:common_name`), by its last segment.
 */

// `POST order/certificate/{product_name_id}`: the request body's fields.
const orderBody = [
  // DigiCert "Order DV SSL" example body.
  "certificate",
  "certificate.common_name",
  "certificate.dns_names",
  "certificate.csr",
  "certificate.server_platform",
  "certificate.server_platform.id",
  "custom_expiration_date",
  "comments",
  "container",
  "container.id",
  "custom_renewal_message",
  "skip_approval",
  "disable_ct",
  "validity_years",
  "custom_fields",
  "custom_fields.metadata_id",
  "custom_fields.value",
  "payment_method",
  "dcv_method",
  "dcv_emails",
  "dcv_emails.dns_name",
  "dcv_emails.email_domain",
  "dcv_emails.email",
  "locale",
  "technical_contact",
  "technical_contact.first_name",
  "technical_contact.last_name",
  "technical_contact.telephone",
  "technical_contact.job_title",
  "technical_contact.email",
  // DigiCert "Order OV/EV SSL" example body.
  "certificate.signature_hash",
  "certificate.organization_units",
  "disable_renewal_notifications",
  "organization",
  "organization.id",
  // DigiCert "Order SSL (type_hint)" example body; "Order Secure Site OV" (order_validity, cert_validity).
  "order_validity",
  "order_validity.years",
  "certificate.cert_validity",
  "product",
  "product.type_hint",
  "auto_renew",
  "additional_emails",
  // DigiCert change log, "Added label for verified contacts": organization.contacts with contact_type.
  "organization.contacts",
  "organization.contacts.contact_type",
  "organization.contacts.user_id",
  // Infisical's DigiCert client (order_validity.days, renewal_of_order_id); sapcc/go-certcentral
  // (organization_contact, renewal_of_order_id).
  "order_validity.days",
  "renewal_of_order_id",
  "organization_contact"
] as const

// Path and query parameters of the endpoints we call (listing, order info, check DCV, DCV random
// value, ordering).
const pathAndQuery = ["order_id", "product_name_id", "limit", "offset", "sort", "filters"] as const

const lastSegment = (path: string): string => path.slice(path.lastIndexOf(".") + 1)

/** Every documented parameter name, exactly as DigiCert spells it (lower case, dotted paths). */
export const documentedParams: ReadonlySet<string> = new Set<string>([
  ...orderBody,
  ...orderBody.map(lastSegment),
  ...pathAndQuery,
  ...orderFilters,
  ...orderFilters.map((name) => `filters[${name}]`)
])

/** Whether a parameter name from an error code is one DigiCert documents for the endpoints we call. */
export const isDocumentedParam = (name: string): boolean => documentedParams.has(name)
