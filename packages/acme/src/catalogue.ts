import { indexCatalogue } from "../../core/src/vendor.js"
import * as R from "./reasons.js"

/** The acme catalogue: the one list of its reasons; the union, lookups and reference come from it. */
export const catalogue = [
  R.BadField,
  R.BadKey,
  R.Missing,
  R.Busy,
  R.Refused,
  R.Throttled,
  R.Broken,
  R.Maintenance,
  R.Slow,
  R.Unrecognized,
  R.CreateOutcomeUnknown
] as const

export type AcmeReasonClass = (typeof catalogue)[number]

export const { byCode, byStatus, unknown, fallbackReasons, clientReasons } = indexCatalogue(catalogue)
