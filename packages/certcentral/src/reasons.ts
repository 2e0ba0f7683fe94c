import { Reason, type ReasonOf, UnrecognizedReason } from "@faultline/core/vendor/decode"
import type { catalogue } from "./catalogue.js"
import { messages } from "./messages.js"

// The CertCentral taxonomy: one reason class per documented error code (DigiCert's error page: the
// Japanese seed 000 and the English page, which adds the caa, domain-lock, archive and validity
// codes) and per `access_denied|…` qualifier no page lists (see CONTRACT.md), with its category and
// retry class. Our words for each are
// in messages.ts; notes say why a category was chosen where the code is ambiguous.

const vendor = "certcentral"

/**
 * The name of the rejected request parameter, when CertCentral named one it documents for the
 * endpoints we call (see `params.ts`); `undefined` for any other name, which stays only in the
 * reason's redacted `upstreamCode`.
 */
export interface ParamFields {
  readonly param: string | undefined
}

// --- 429 -----------------------------------------------------------------------------------------

export class RequestLimitExceeded extends Reason("RequestLimitExceeded", {
  vendor,
  code: "request_limit_exceeded",
  status: "429",
  category: "throttled",
  retry: "safe",
  text: messages.RequestLimitExceeded,
  note: "Our account's rate limit (100 requests / 5 s, 1000 / 3 min). Without Retry-After the 5 s window applies."
}) {}

// --- 404 -----------------------------------------------------------------------------------------

export class NotFound extends Reason("NotFound", {
  vendor,
  code: "not_found",
  status: "404",
  category: "not-found",
  retry: "never",
  text: messages.NotFound,
  note: "DigiCert's page (seed 000) calls it the generic 404 and says to check that the endpoint URL is built correctly; our client builds every URL from fixed templates and checked ids, and a wrong endpoint has its own not_found|route, so the generic code is read as a resource the caller named (an unknown id). A bare 404 without a code is misconfigured (UnexplainedStatus)."
}) {}

export class NotFoundOrder extends Reason("NotFoundOrder", {
  vendor,
  code: "not_found|order",
  status: "404",
  category: "not-found",
  retry: "never",
  text: messages.NotFoundOrder
}) {}

export class NotFoundProduct extends Reason("NotFoundProduct", {
  vendor,
  code: "not_found|product",
  status: "404",
  category: "not-found",
  retry: "never",
  text: messages.NotFoundProduct,
  note: "The product identifier is named by the caller's order, so an unknown one is the caller's not-found."
}) {}

export class NotFoundRoute extends Reason("NotFoundRoute", {
  vendor,
  code: "not_found|route",
  status: "404",
  category: "misconfigured",
  retry: "never",
  text: messages.NotFoundRoute,
  note: "The endpoint URL is built by our client: our bug, never the caller's."
}) {}

// --- 403 -----------------------------------------------------------------------------------------

export class AccessDenied extends Reason("AccessDenied", {
  vendor,
  code: "access_denied",
  status: "403",
  category: "misconfigured",
  retry: "never",
  text: messages.AccessDenied,
  note: "Any access_denied|<qualifier> we do not know yet: like every access_denied code it is about our key's user and roles, never the caller's."
}) {}

export class AccessDeniedMissingPermission extends Reason("AccessDeniedMissingPermission", {
  vendor,
  code: "access_denied|missing_permission",
  status: "403",
  category: "misconfigured",
  retry: "never",
  text: messages.AccessDeniedMissingPermission
}) {}

export class AccessDeniedInvalidKey extends Reason("AccessDeniedInvalidKey", {
  vendor,
  code: "access_denied|access_denied_invalid_key",
  status: "403",
  category: "misconfigured",
  retry: "never",
  text: messages.AccessDeniedInvalidKey
}) {}

export class AccessDeniedInvalidApprover extends Reason("AccessDeniedInvalidApprover", {
  vendor,
  code: "access_denied|invalid_approver",
  status: "403",
  category: "misconfigured",
  retry: "never",
  text: messages.AccessDeniedInvalidApprover,
  note: "Every access_denied|* is about our key's user and roles, so it stays misconfigured and hidden from the caller."
}) {}

// --- 400: request shape (our client) --------------------------------------------------------------

export class BadRequestFormat extends Reason("BadRequestFormat", {
  vendor,
  code: "bad_request_format",
  status: "400",
  category: "misconfigured",
  retry: "never",
  text: messages.BadRequestFormat,
  note: "The body is serialised by our client, so an unreadable one is our bug, not the caller's input."
}) {}

export class MissingRequestData extends Reason("MissingRequestData", {
  vendor,
  code: "missing_request_data",
  status: "400",
  category: "misconfigured",
  retry: "never",
  text: messages.MissingRequestData,
  note: "A missing body is a bug in our client, not something the caller can correct."
}) {}

// --- 400: parameterised ----------------------------------------------------------------------------

export class InvalidChars extends Reason("InvalidChars", {
  vendor,
  code: "invalid_chars",
  status: "400",
  parameterised: true,
  category: "invalid-input",
  retry: "never",
  text: messages.InvalidChars
})<ParamFields> {}

export class InvalidValue extends Reason("InvalidValue", {
  vendor,
  code: "invalid_value",
  status: "400",
  parameterised: true,
  category: "invalid-input",
  retry: "never",
  text: messages.InvalidValue
})<ParamFields> {}

export class RequiredParam extends Reason("RequiredParam", {
  vendor,
  code: "required_param",
  status: "400",
  parameterised: true,
  category: "invalid-input",
  retry: "never",
  text: messages.RequiredParam
})<ParamFields> {}

// --- 400: invalid input ----------------------------------------------------------------------------

export class AmbiguousProduct extends Reason("AmbiguousProduct", {
  vendor,
  code: "ambiguous_product",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.AmbiguousProduct
}) {}

export class CsrInvalidCannotParse extends Reason("CsrInvalidCannotParse", {
  vendor,
  code: "csr_invalid_cannot_parse",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.CsrInvalidCannotParse
}) {}

export class EmailNotValidEmailFormat extends Reason("EmailNotValidEmailFormat", {
  vendor,
  code: "email_not_valid_email_format",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.EmailNotValidEmailFormat
}) {}

export class InvalidCaCertId extends Reason("InvalidCaCertId", {
  vendor,
  code: "invalid_ca_cert_id",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.InvalidCaCertId
}) {}

export class MissingCaCertId extends Reason("MissingCaCertId", {
  vendor,
  code: "missing_ca_cert_id",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.MissingCaCertId
}) {}

export class InvalidCommonNameOnDuplicate extends Reason("InvalidCommonNameOnDuplicate", {
  vendor,
  code: "invalid_common_name_on_duplicate",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.InvalidCommonNameOnDuplicate
}) {}

export class InvalidDnsNameOnDuplicate extends Reason("InvalidDnsNameOnDuplicate", {
  vendor,
  code: "invalid_dns_name_on_duplicate",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.InvalidDnsNameOnDuplicate
}) {}

export class MissingDnsNameOnDuplicate extends Reason("MissingDnsNameOnDuplicate", {
  vendor,
  code: "missing_dns_name_on_duplicate",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.MissingDnsNameOnDuplicate
}) {}

export class MissingRequiredCustomField extends Reason("MissingRequiredCustomField", {
  vendor,
  code: "missing_required_custom_field",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.MissingRequiredCustomField
}) {}

export class OtherDomainOnWildcard extends Reason("OtherDomainOnWildcard", {
  vendor,
  code: "other_domain_on_wildcard",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.OtherDomainOnWildcard
}) {}

export class CertValidityExceedsOrderValidity extends Reason("CertValidityExceedsOrderValidity", {
  vendor,
  code: "cert_validity_exceeds_order_validity",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.CertValidityExceedsOrderValidity
}) {}

export class Rfc5280CommonNameInvalid extends Reason("Rfc5280CommonNameInvalid", {
  vendor,
  code: "rfc5280_common_name_invalid",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280CommonNameInvalid
}) {}

export class Rfc5280CommonNameTooLong extends Reason("Rfc5280CommonNameTooLong", {
  vendor,
  code: "rfc5280_common_name_too_long",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280CommonNameTooLong
}) {}

export class Rfc5280OrgUnitTooLong extends Reason("Rfc5280OrgUnitTooLong", {
  vendor,
  code: "rfc5280_org_unit_too_long",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280OrgUnitTooLong
}) {}

export class Rfc5280OrgNameTooLong extends Reason("Rfc5280OrgNameTooLong", {
  vendor,
  code: "rfc5280_org_name_too_long",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280OrgNameTooLong
}) {}

export class Rfc5280AddressFieldTooLong extends Reason("Rfc5280AddressFieldTooLong", {
  vendor,
  code: "rfc5280_address_field_too_long",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280AddressFieldTooLong
}) {}

export class Rfc5280OrgUnitInvalid extends Reason("Rfc5280OrgUnitInvalid", {
  vendor,
  code: "rfc5280_org_unit_invalid",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280OrgUnitInvalid
}) {}

export class Rfc5280OrgInvalid extends Reason("Rfc5280OrgInvalid", {
  vendor,
  code: "rfc5280_org_invalid",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.Rfc5280OrgInvalid
}) {}

// --- 400: state conflicts -------------------------------------------------------------------------

export class InvalidDnsTxt extends Reason("InvalidDnsTxt", {
  vendor,
  code: "invalid_dns_txt",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.InvalidDnsTxt,
  note: "Domain control is not proven yet: a state, fixed by publishing the record and checking again later."
}) {}

export class InvalidDnsCname extends Reason("InvalidDnsCname", {
  vendor,
  code: "invalid_dns_cname",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.InvalidDnsCname,
  note: "Domain control is not proven yet: a state, fixed by publishing the record and checking again later."
}) {}

export class FileRandomValueNotFound extends Reason("FileRandomValueNotFound", {
  vendor,
  code: "file_random_value_not_found",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.FileRandomValueNotFound,
  note: "Domain control is not proven yet: a state, fixed by publishing the file and checking again later."
}) {}

export class InvalidDnsMethod extends Reason("InvalidDnsMethod", {
  vendor,
  code: "invalid_dns_method",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.InvalidDnsMethod,
  note: "Despite the invalid_ prefix it names the order's current DCV method, not a field of this request: a state conflict."
}) {}

export class PendingReissue extends Reason("PendingReissue", {
  vendor,
  code: "pending_reissue",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.PendingReissue
}) {}

export class AuthKeyExistsForAccount extends Reason("AuthKeyExistsForAccount", {
  vendor,
  code: "auth_key_exists_for_account",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.AuthKeyExistsForAccount,
  note: "The resource already exists: the state forbids creating it again."
}) {}

export class UsernameUnavailable extends Reason("UsernameUnavailable", {
  vendor,
  code: "username_unavailable",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.UsernameUnavailable,
  note: "The name is already taken: a conflict with existing state, not malformed input."
}) {}

export class CaaCheckFailed extends Reason("CaaCheckFailed", {
  vendor,
  code: "caa_check_failed",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.CaaCheckFailed,
  note: "Like the DCV codes: the domain's DNS state forbids issuance now and is fixed in DNS, then checked again."
}) {}

export class CaaNotFound extends Reason("CaaNotFound", {
  vendor,
  code: "caa_not_found",
  status: "400",
  category: "conflict",
  retry: "never",
  text: messages.CaaNotFound,
  note: "On DigiCert's English error page (`caa_not_found|<domain>`); a DNS state like the DCV codes, resolved in DNS."
}) {}

// --- 400: refused by account policy or product rules -----------------------------------------------

export class CertTransparencyTurnedOffForAccount extends Reason("CertTransparencyTurnedOffForAccount", {
  vendor,
  code: "cert_transparency_turned_off_for_account",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CertTransparencyTurnedOffForAccount
}) {}

export class CtLoggingDisabled extends Reason("CtLoggingDisabled", {
  vendor,
  code: "ct_logging_disabled",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CtLoggingDisabled
}) {}

export class NotAllowedToChangeCtSettingPerOrder extends Reason("NotAllowedToChangeCtSettingPerOrder", {
  vendor,
  code: "not_allowed_to_change_ct_setting_per_order",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.NotAllowedToChangeCtSettingPerOrder
}) {}

export class CsrNotAllowed extends Reason("CsrNotAllowed", {
  vendor,
  code: "csr_not_allowed",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CsrNotAllowed,
  note: "A product rule, not a malformed value: the same CSR is fine for another product."
}) {}

export class CustomExpirationNotAllowed extends Reason("CustomExpirationNotAllowed", {
  vendor,
  code: "custom_expiration_not_allowed",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CustomExpirationNotAllowed
}) {}

export class DisabledDomain extends Reason("DisabledDomain", {
  vendor,
  code: "disabled_domain",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.DisabledDomain,
  note: "Only an account administrator can reactivate the domain, so it is an account refusal rather than a conflict."
}) {}

export class DomainNotAllowed extends Reason("DomainNotAllowed", {
  vendor,
  code: "domain_not_allowed",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.DomainNotAllowed
}) {}

export class EmailDomainNotValidated extends Reason("EmailDomainNotValidated", {
  vendor,
  code: "email_domain_not_validated",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.EmailDomainNotValidated,
  note: "The address is well formed; the account's policy refuses it, so rejected rather than invalid-input."
}) {}

export class InactiveOrganization extends Reason("InactiveOrganization", {
  vendor,
  code: "inactive_organization",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.InactiveOrganization,
  note: "Activation is an account administrator's act, so an account refusal rather than a conflict."
}) {}

export class InternalNamesNotAllowed extends Reason("InternalNamesNotAllowed", {
  vendor,
  code: "internal_names_not_allowed",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.InternalNamesNotAllowed,
  note: "Listed on DigiCert's page (seed 000) as a 400 without a description; industry rules refuse internal names, so a product rule."
}) {}

export class InvalidPaymentMethod extends Reason("InvalidPaymentMethod", {
  vendor,
  code: "invalid_payment_method",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.InvalidPaymentMethod,
  note: "Despite the invalid_ prefix the value is valid but not enabled for the account: an account refusal."
}) {}

export class NoPrivateCaEnabled extends Reason("NoPrivateCaEnabled", {
  vendor,
  code: "no_private_ca_enabled",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.NoPrivateCaEnabled
}) {}

export class OrderNotEligibleForDuplicate extends Reason("OrderNotEligibleForDuplicate", {
  vendor,
  code: "order_not_eligible_for_duplicate",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.OrderNotEligibleForDuplicate,
  note: "A product rule for this order, not a transient state."
}) {}

export class ProductNameLimitExceeded extends Reason("ProductNameLimitExceeded", {
  vendor,
  code: "product_name_limit_exceeded",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.ProductNameLimitExceeded,
  note: "Each name is valid; the product's limit refuses their number, so a product rule."
}) {}

export class ProductNotAllowed extends Reason("ProductNotAllowed", {
  vendor,
  code: "product_not_allowed",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.ProductNotAllowed
}) {}

export class ProtectedDomain extends Reason("ProtectedDomain", {
  vendor,
  code: "protected_domain",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.ProtectedDomain
}) {}

export class CannotActivateDomainLock extends Reason("CannotActivateDomainLock", {
  vendor,
  code: "cannot_activate_domain_lock",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CannotActivateDomainLock,
  note: "Refused by the account's feature set or the domain's settings, not by malformed input."
}) {}

export class CannotDeactivateDomainLock extends Reason("CannotDeactivateDomainLock", {
  vendor,
  code: "cannot_deactivate_domain_lock",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CannotDeactivateDomainLock,
  note: "Refused by the account's feature set or the domain's settings, not by malformed input."
}) {}

export class CannotArchivePrimaryCertificate extends Reason("CannotArchivePrimaryCertificate", {
  vendor,
  code: "cannot_archive_primary_certificate",
  status: "400",
  category: "rejected",
  retry: "never",
  text: messages.CannotArchivePrimaryCertificate,
  note: "A fixed rule of the service, not a state that changes with time."
}) {}

// --- Unknown codes and status-only answers --------------------------------------------------------

export class Unrecognized extends UnrecognizedReason(vendor, {
  varies: "under a 429 or 5xx: by status",
  text: messages.Unrecognized,
  note: "Its code is `unrecognized#<hash>`; the raw code (bounded) stays redacted in `upstreamCode`. Under a 429 or 5xx its category and retry follow the status."
}) {}

export class Throttled extends Reason("Throttled", {
  vendor,
  code: "http_429",
  status: "429",
  source: "status",
  category: "throttled",
  retry: "safe",
  text: messages.Throttled,
  note: "A 429 without a readable error body; handled like request_limit_exceeded."
}) {}

export class Unavailable extends Reason("Unavailable", {
  vendor,
  code: "http_503",
  status: "503",
  source: "status",
  category: "unavailable",
  retry: "idempotent-only",
  text: messages.Unavailable,
  note: "A 503 without a readable body may come from a proxy after the request reached DigiCert: idempotent-only."
}) {}

export class ServerError extends Reason("ServerError", {
  vendor,
  code: "http_5xx",
  varies: "by status (core's statusCategory)",
  status: "5xx",
  source: "status",
  category: "upstream-error",
  retry: "idempotent-only",
  text: messages.ServerError
}) {}

export class UnexplainedStatus extends Reason("UnexplainedStatus", {
  vendor,
  code: "http_status",
  varies: "by status (core's statusCategory)",
  status: "other",
  source: "status",
  category: "upstream-error",
  retry: "never",
  text: messages.UnexplainedStatus,
  note: "Any other non-2xx without a readable code: category and retry follow core's statusCategory (a bare 401/403/404/405 is misconfigured, e.g. a wrong base URL; a bare 400/409/422 an upstream error)."
}) {}

// --- Client-side: an order whose answer was lost ----------------------------------------------

/** What identifies an order whose outcome is unknown: enough to reconcile it later, no CSR, no key. */
export interface OrderOutcomeFields {
  readonly productNameId: string
  readonly commonName: string
  /** SHA-256 (hex) of the CSR's public key: the order's identity. */
  readonly keyFingerprint: string | undefined
  /** The caller's reference, when one was given. */
  readonly reference: string | undefined
  /** When the order was first sent (epoch ms, the client's clock). */
  readonly sentAt: number
  /** The orders that were looked at and did not prove or disprove the match. */
  readonly candidates: ReadonlyArray<number>
}

export class OrderOutcomeUnknown extends Reason("OrderOutcomeUnknown", {
  vendor,
  code: "order_outcome_unknown",
  status: "none (client)",
  source: "client",
  category: "unavailable",
  retry: "never",
  text: messages.OrderOutcomeUnknown,
  note: "Not a DigiCert code: an order was sent, no answer said whether it was placed, and reconciliation could not tell. Never resent by anything automatic; the caller tries again later (the same request is reconciled again) instead of ordering again now."
})<OrderOutcomeFields> {}

/** The union of every CertCentral reason: what `CertCentralError.reason` holds (from the catalogue). */
export type CertCentralReason = ReasonOf<typeof catalogue>
