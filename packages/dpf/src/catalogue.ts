import { indexCatalogue } from "@faultline/core/vendor/decode"
import * as R from "./reasons.js"

/** The DPF-API catalogue, the one list of its reasons: the union, lookups and `docs/errors.md` come from it. */
export const catalogue = [
  R.JsonParseError,
  R.InvalidAccessToken,
  R.InvalidParameter,
  R.ResourceNotFound,
  R.Forbidden,
  R.DuplicatedRecord,
  R.RecordRejected,
  R.UrlNotFound,
  R.RequestBlocked,
  R.TooManyRequests,
  R.SystemError,
  R.ServiceUnavailable,
  R.SystemBusy,
  R.GatewayTimeout,
  R.Unrecognized,
  R.JobFailed,
  R.ChangeOutcomeUnknown
] as const

export type DpfReasonClass = (typeof catalogue)[number]

export const { byCode, unknown } = indexCatalogue(catalogue)

/** A ParameterError's `code:attribute` -> its reason class, from each class's documented `details`. */
export const byDetail: ReadonlyMap<string, DpfReasonClass> = new Map(
  catalogue.flatMap((row) => ("details" in row ? row.details.map((d) => [d, row] as const) : []))
)
