import * as Duration from "effect/Duration"
import type { Category } from "./Category.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import { logSafeCode } from "./sanitizeCode.js"
import { reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"

/**
 * The internal facts of a failure for the app's own logger: everything an operator needs (vendor,
 * code, upstream status, upstream request id, category) and nothing secret. Codes are the sanitised
 * ones (a documented code, or `unrecognized#<hash>`). The raw code (`upstreamCode`) and the
 * upstream's free-text message (`upstreamMessage`) stay `Redacted` on the reason; an app that wants
 * them in its logs unwraps them deliberately.
 */
export interface FailureDescription {
  readonly tag: string
  readonly reason: string
  readonly vendor: string
  readonly code: string
  readonly codes: ReadonlyArray<string>
  readonly category: Category
  readonly retry: RetryPolicy
  readonly upstreamStatus: number | undefined
  /**
   * The upstream's own request id (DO-API RequestId), for tracing the call with the vendor. Not our
   * request id: the adapters' hook context carries that as `requestId`.
   */
  readonly upstreamRequestId: string | undefined
  readonly retryAfterMs: number | undefined
  readonly attempts: number | undefined
}

export const describeFailure = (failure: UpstreamFailure): FailureDescription => {
  const reason = failure.reason
  const code = logSafeCode(reason.code)
  const reasons = reasonsOf(failure)
  return {
    tag: failure._tag,
    reason: reason._tag,
    vendor: reason.vendor,
    code,
    // The primary reason's code is the first: sanitised once.
    codes: reasons.map((r, i) => (i === 0 && r === reason ? code : logSafeCode(r.code))),
    category: reason.category,
    retry: reason.retry,
    upstreamStatus: reason.upstreamStatus,
    upstreamRequestId: reason.requestId,
    retryAfterMs: reason.retryAfter !== undefined ? Duration.toMillis(reason.retryAfter) : undefined,
    attempts: failure.attempts
  }
}
