import { indexCatalogue } from "@faultline/core/vendor/decode"
import * as R from "./reasons.js"

/**
 * The CertCentral catalogue: every reason class, in the order of the reference table. The one list
 * of them: the reason union, the lookups and `docs/errors.md` are derived from it.
 */
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

/**
 * The lookups the decoder and the reference read, all from the table above: documented code ->
 * class, status -> status-only class, the unknown-code class, and the fallback and client rows.
 */
export const { byCode, byStatus, unknown, fallbackReasons, clientReasons, parameterisedCodes } =
  indexCatalogue(catalogue)

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
