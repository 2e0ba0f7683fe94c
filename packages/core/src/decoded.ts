import type * as Duration from "effect/Duration"
import type { Category } from "./Category.js"
import type { FieldIssue } from "./FieldIssue.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import type { UpstreamReason } from "./UpstreamReason.js"

/**
 * The fields a decoder hands to a reason or failure under construction. One record for the whole
 * process, filled by `decodedReason` / `decodedFailure` right before `new` and emptied right after:
 * a decoder builds a reason per upstream error, and an args object per reason (then a loop copying
 * it key by key) was a large part of a decode. Construction is synchronous and runs no caller code
 * between the fill and the constructor's read, so one record serves every decode.
 */
export interface Staged {
  code: string | undefined
  upstreamStatus: number | undefined
  upstreamCode: string | undefined
  upstreamMessage: string | undefined
  requestId: string | undefined
  retryAfter: Duration.Duration | undefined
  issues: ReadonlyArray<FieldIssue> | undefined
  category: Category | undefined
  retry: RetryPolicy | undefined
  field: string | undefined
  value: unknown
  reason: UpstreamReason | undefined
  reasons: ReadonlyArray<UpstreamReason> | undefined
}

// Every field initialised, in one order: the constructors read it with one shape.
export const staged: Staged = {
  code: undefined,
  upstreamStatus: undefined,
  upstreamCode: undefined,
  upstreamMessage: undefined,
  requestId: undefined,
  retryAfter: undefined,
  issues: undefined,
  category: undefined,
  retry: undefined,
  field: undefined,
  value: undefined,
  reason: undefined,
  reasons: undefined
}

/** Empties the record, so it holds no upstream text or reason after a construction. */
export const clearStaged = (): void => {
  staged.code = undefined
  staged.upstreamStatus = undefined
  staged.upstreamCode = undefined
  staged.upstreamMessage = undefined
  staged.requestId = undefined
  staged.retryAfter = undefined
  staged.issues = undefined
  staged.category = undefined
  staged.retry = undefined
  staged.field = undefined
  staged.value = undefined
  staged.reason = undefined
  staged.reasons = undefined
}
