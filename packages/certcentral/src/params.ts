/**
 * The parameter names DigiCert documents for the endpoints this client calls, as they may appear
 * after the colon of `invalid_value:<param>`, `invalid_chars:<param>` and `required_param:<param>`.
 * Only these reach the caller (`errors[].param` and the `detail` sentence); any other name is
 * upstream-written text (it may be an e-mail address or a token) and becomes a generic issue.
 *
 * Sources: DigiCert's Services API reference, "Order DV SSL" / "Order OV SSL" / "Order EV SSL" request
 * parameters (`POST order/certificate/{product_name_id}`, the body of our `OrderRequest`), "List orders"
 * (`GET order/certificate`: `limit`, `offset`, `sort`, `filters[...]`), "Order info" and "Check DCV"
 * (path parameters only). Each body field is listed by its full dotted path and, since DigiCert also
 * names fields without their parent (`invalid_chars:common_name`), by its last segment.
 */

// `POST order/certificate/{product_name_id}`: the request body's documented fields.
const orderBody = [
  "certificate",
  "certificate.common_name",
  "certificate.dns_names",
  "certificate.csr",
  "certificate.signature_hash",
  "certificate.server_platform",
  "certificate.server_platform.id",
  "certificate.organization_units",
  "certificate.profile_option",
  "certificate.ca_cert_id",
  "certificate.cert_validity",
  "certificate.cert_validity.years",
  "certificate.cert_validity.days",
  "certificate.cert_validity.custom_expiration_date",
  "organization",
  "organization.id",
  "organization.contacts",
  "organization.contacts.contact_type",
  "organization.contacts.user_id",
  "order_validity",
  "order_validity.years",
  "order_validity.days",
  "order_validity.custom_expiration_date",
  "validity_years",
  "validity_days",
  "validity_end_date",
  "custom_expiration_date",
  "comments",
  "auto_renew",
  "auto_reissue",
  "disable_renewal_notifications",
  "renewal_of_order_id",
  "disable_ct",
  "dcv_method",
  "dcv_emails",
  "locale",
  "payment_method",
  "skip_approval",
  "additional_emails",
  "container",
  "container.id",
  "custom_fields",
  "custom_fields.metadata_id",
  "custom_fields.value",
  "authentication_key_id",
  "use_auth_key",
  "cs_provisioning_method",
  "ship_info",
  "product",
  "product.name_id"
] as const

// Path and query parameters of the endpoints we call (listing, order info, check DCV, ordering).
const pathAndQuery = ["order_id", "product_name_id", "limit", "offset", "sort", "filters"] as const

// `GET order/certificate`: the documented `filters[<name>]` (the same list as `orderFilters`).
const filterNames = [
  "id",
  "status",
  "organization_id",
  "valid_till",
  "user_id",
  "common_name",
  "domain_name",
  "date_created",
  "container_id",
  "metadata_id",
  "is_renewed",
  "email",
  "certificate_id",
  "origin",
  "serial_number",
  "search"
] as const

const lastSegment = (path: string): string => path.slice(path.lastIndexOf(".") + 1)

/** Every documented parameter name, exactly as DigiCert spells it (lower case, dotted paths). */
export const documentedParams: ReadonlySet<string> = new Set<string>([
  ...orderBody,
  ...orderBody.map(lastSegment),
  ...pathAndQuery,
  ...filterNames,
  ...filterNames.map((name) => `filters[${name}]`)
])

/** Whether a parameter name from an error code is one DigiCert documents for the endpoints we call. */
export const isDocumentedParam = (name: string): boolean => documentedParams.has(name)
