import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"
import { type Category, isCategory } from "./Category.js"
import type { FieldIssue } from "./FieldIssue.js"
import type { LocalizedText } from "./Locale.js"
import { isRetryPolicy, type RetryPolicy } from "./RetryPolicy.js"

/**
 * Marks a value as a faultline reason. A string literal (as Effect 4 does for its own type ids) is
 * the same key, value and TypeScript type in every copy of @faultline/core, so an adapter recognises
 * a vendor's reason, at run time and in the types, even when the two packages resolved different
 * copies of core (no `instanceof` across copies). It lives on the prototype, so it is never
 * serialised.
 */
export const ReasonTypeId = "~@faultline/core/UpstreamReason" as const
export type ReasonTypeId = typeof ReasonTypeId

/**
 * The protocol every vendor reason speaks: one upstream error, what it means for our caller and how
 * it may be recovered. Vendors implement it with {@link Reason}; adapters read only these fields.
 */
export interface UpstreamReason {
  readonly [ReasonTypeId]: ReasonTypeId
  /** The reason's class name, e.g. `RequestLimitExceeded`; what `Effect.catchReason` matches on. */
  readonly _tag: string
  /** Vendor, code and category only: safe to log, never upstream text. */
  readonly message: string
  /** The upstream, e.g. `certcentral`, `do-api`, `http` for transport failures. */
  readonly vendor: string
  /**
   * The upstream code or ErrorType, sanitised: a documented code as documented (`not_found|order`,
   * `invalid_value:dcv_method`, `RequestRunning`), anything else as a fixed placeholder plus a short
   * hash of the raw code (`unrecognized#1a2b3c4d`, `invalid_value#1a2b3c4d` for an undocumented
   * parameter), so it is safe in logs and messages. The raw code is `upstreamCode`.
   */
  readonly code: string
  /**
   * The code exactly as the upstream sent it (trimmed and bounded): upstream-written text (it may
   * carry an e-mail address or a token), kept `Redacted` like `upstreamMessage`, for deliberate use
   * only; never shown downstream.
   */
  readonly upstreamCode?: Redacted.Redacted<string> | undefined
  /** The HTTP status the upstream answered with; `undefined` when no response arrived. */
  readonly upstreamStatus: number | undefined
  /** The upstream's own request id (DO-API RequestId), for tracing. */
  readonly requestId?: string | undefined
  readonly category: Category
  readonly retry: RetryPolicy
  /** The earliest time to retry: from `Retry-After` or the vendor's known window. */
  readonly retryAfter?: Duration.Duration | undefined
  /** For invalid-input: the rejected fields, when the upstream named them. */
  readonly issues?: ReadonlyArray<FieldIssue> | undefined
  /** The upstream's free-text message, kept for deliberate logging only; never shown downstream. */
  readonly upstreamMessage?: Redacted.Redacted<string> | undefined
  /** Our own title and detail for this reason; without it the category's text is used. */
  readonly text?: LocalizedText | undefined
}

/** Whether a value is a faultline reason, from any copy of @faultline/core. */
export const isUpstreamReason = (u: unknown): u is UpstreamReason => {
  if (typeof u !== "object" || u === null) return false
  const r = u as Partial<Record<PropertyKey, unknown>>
  return (
    r[ReasonTypeId] === ReasonTypeId &&
    typeof r.code === "string" &&
    typeof r.vendor === "string" &&
    isCategory(r.category) &&
    isRetryPolicy(r.retry)
  )
}
