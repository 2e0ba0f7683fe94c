import { indexCatalogue } from "@faultline/core/vendor/decode"
import {
  AuthFailure,
  BadRequest,
  HttpsRequired,
  MonitoringFailed,
  NotHttp11,
  ParameterError,
  RecordValidateError,
  RequestExpired,
  RequestRunning,
  ResourceNotExist,
  SignatureDoesNotMatch,
  StatusError,
  SystemError,
  Timeout,
  UnrelateError,
  Unrecognized,
  UrlNotFound,
  ChangeOutcomeUnknown
} from "./reasons.js"

/**
 * The DO-API catalogue: every reason class, in the order of IIJ's error page, `Unrecognized` and the
 * client's own last. The one list of them: the reason union, the lookups and `docs/errors.md` are
 * derived from it.
 */
export const catalogue = [
  NotHttp11,
  UrlNotFound,
  HttpsRequired,
  BadRequest,
  RequestExpired,
  AuthFailure,
  SignatureDoesNotMatch,
  ParameterError,
  RequestRunning,
  SystemError,
  Timeout,
  StatusError,
  RecordValidateError,
  MonitoringFailed,
  ResourceNotExist,
  UnrelateError,
  Unrecognized,
  ChangeOutcomeUnknown
] as const

export type DoApiReasonClass = (typeof catalogue)[number]

/**
 * The lookups the decoder and the reference read, all from the table above: ErrorType -> class,
 * status -> status-only class, the unknown-ErrorType class, and the client rows.
 */
export const { byCode, byStatus, unknown, fallbackReasons, clientReasons } = indexCatalogue(catalogue)
