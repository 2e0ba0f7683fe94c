import * as R from "./reasons.js"

/** Every CertCentral reason class, in the order of the reference table. */
export const catalogue = [
  R.RequestLimitExceeded,
  R.NotFound,
  R.NotFoundOrder,
  R.NotFoundProduct,
  R.NotFoundRoute,
  R.AccessDenied,
  R.AccessDeniedMissingPermission,
  R.AccessDeniedInvalidKey,
  R.AccessDeniedInvalidApprover,
  R.AmbiguousProduct,
  R.AuthKeyExistsForAccount,
  R.BadRequestFormat,
  R.CaaCheckFailed,
  R.CaaNotFound,
  R.CannotActivateDomainLock,
  R.CannotArchivePrimaryCertificate,
  R.CannotDeactivateDomainLock,
  R.CertTransparencyTurnedOffForAccount,
  R.CertValidityExceedsOrderValidity,
  R.CsrInvalidCannotParse,
  R.CsrNotAllowed,
  R.CtLoggingDisabled,
  R.CustomExpirationNotAllowed,
  R.DisabledDomain,
  R.DomainNotAllowed,
  R.EmailDomainNotValidated,
  R.EmailNotValidEmailFormat,
  R.FileRandomValueNotFound,
  R.InactiveOrganization,
  R.InternalNamesNotAllowed,
  R.InvalidCaCertId,
  R.InvalidChars,
  R.InvalidCommonNameOnDuplicate,
  R.InvalidDnsCname,
  R.InvalidDnsMethod,
  R.InvalidDnsNameOnDuplicate,
  R.InvalidDnsTxt,
  R.InvalidPaymentMethod,
  R.InvalidValue,
  R.MissingCaCertId,
  R.MissingDnsNameOnDuplicate,
  R.MissingRequestData,
  R.MissingRequiredCustomField,
  R.NoPrivateCaEnabled,
  R.NotAllowedToChangeCtSettingPerOrder,
  R.OrderNotEligibleForDuplicate,
  R.OtherDomainOnWildcard,
  R.PendingReissue,
  R.ProductNameLimitExceeded,
  R.ProductNotAllowed,
  R.ProtectedDomain,
  R.RequiredParam,
  R.Rfc5280CommonNameInvalid,
  R.Rfc5280CommonNameTooLong,
  R.Rfc5280OrgUnitTooLong,
  R.Rfc5280OrgNameTooLong,
  R.Rfc5280AddressFieldTooLong,
  R.Rfc5280OrgUnitInvalid,
  R.Rfc5280OrgInvalid,
  R.UsernameUnavailable,
  R.Unrecognized,
  R.Throttled,
  R.Unavailable,
  R.ServerError,
  R.UnexplainedStatus,
  R.OrderOutcomeUnknown
] as const

export type CertCentralReasonClass = (typeof catalogue)[number]

/** Reasons that stand for a bare status or an unknown code rather than a documented code. */
export const fallbackReasons: ReadonlyArray<CertCentralReasonClass> = [
  R.Unrecognized,
  R.Throttled,
  R.Unavailable,
  R.ServerError,
  R.UnexplainedStatus,
  R.OrderOutcomeUnknown
]

/** Codes that carry a parameter name after a colon (`invalid_value:dcv_method`). */
export const parameterisedCodes = new Set(["invalid_chars", "invalid_value", "required_param"])

// Code -> class for the documented codes; a Map, so an upstream code can never reach a prototype.
export const byCode: ReadonlyMap<string, CertCentralReasonClass> = new Map(
  catalogue.filter((k) => !fallbackReasons.includes(k)).map((k) => [k.spec.code, k] as const)
)

/**
 * The reason class of a catalogue key (`base` or `base|qualifier`, see `parseCode`): the exact code
 * when documented, else the documented base of a `base|qualifier` code (`caa_check_failed|<domain>`,
 * `access_denied|<new qualifier>`), else `undefined`.
 */
export const reasonClassOf = (key: string): CertCentralReasonClass | undefined => {
  const exact = byCode.get(key)
  if (exact !== undefined) return exact
  const bar = key.indexOf("|")
  return bar > 0 ? byCode.get(key.slice(0, bar)) : undefined
}

/**
 * The HTTP status CertCentral documents for each code (its error page), for the reference table.
 * The two `access_denied|…` qualifiers no page lists carry the status of `access_denied` (403).
 */
export const documentedStatus = (klass: CertCentralReasonClass): string => {
  const code = klass.spec.code
  if (code === "request_limit_exceeded" || code === "http_429") return "429"
  if (code.startsWith("not_found")) return "404"
  if (code.startsWith("access_denied")) return "403"
  if (code === "http_503") return "503"
  if (code === "http_5xx") return "5xx"
  if (code === "unrecognized") return "any"
  if (code === "http_status") return "other"
  if (code === "order_outcome_unknown") return "none (client)"
  return "400"
}

/** Reasons the client itself raises (no CertCentral answer decodes to them). */
export const clientReasons: ReadonlyArray<CertCentralReasonClass> = [R.OrderOutcomeUnknown]
