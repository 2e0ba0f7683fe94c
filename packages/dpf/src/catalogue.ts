import type { FieldIssue } from "@faultline/core"
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

/** What a documented ParameterError detail decodes to: everything but the answer's own facts. */
export interface DetailRow {
  readonly klass: DpfReasonClass
  /** The reason's code, `ParameterError:<code>:<attribute>`. */
  readonly code: string
  readonly param: string
  /** `[{ param, code }]` for an invalid-input class, else none. */
  readonly issues: ReadonlyArray<FieldIssue>
}

// A ParameterError's `code` -> `attribute` -> its row, from each class's documented `details`
// (`code:attribute`, neither has a colon), built once: a decode looks a detail up without building
// the pair, its code or its issue.
const byDetailCode = new Map<string, Map<string, DetailRow>>()
for (const klass of catalogue) {
  if (!("details" in klass)) continue
  for (const pair of klass.details) {
    const [code = "", param = ""] = pair.split(":")
    const issues = klass.spec.category === "invalid-input" ? [Object.freeze({ param, code })] : []
    const row = { klass, code: `ParameterError:${pair}`, param, issues: Object.freeze(issues) }
    const attributes = byDetailCode.get(code) ?? new Map<string, DetailRow>()
    byDetailCode.set(code, attributes.set(param, row))
  }
}

/** The documented detail `code` / `attribute`, or `undefined`. */
export const detailOf = (code: string, attribute: string): DetailRow | undefined =>
  byDetailCode.get(code)?.get(attribute)
