import { type UpstreamReason, isUpstreamReason } from "./UpstreamReason.js"

/**
 * Marks a value as a faultline failure (the error that carries a reason); a string literal, so it is
 * the same in the values and the types of every copy of core (see `ReasonTypeId`).
 */
export const FailureTypeId = "~@faultline/core/UpstreamFailure" as const
export type FailureTypeId = typeof FailureTypeId

/**
 * The protocol of a vendor's error, e.g. `CertCentralError` or `DoApiError`: one tagged error per
 * vendor whose `reason` is the primary upstream error (Effect's `HttpClientError` idiom).
 */
export interface UpstreamFailure<R extends UpstreamReason = UpstreamReason> {
  readonly [FailureTypeId]: FailureTypeId
  readonly _tag: string
  readonly reason: R
  /** Every upstream error of the response, the primary first; `[reason]` when there is one. */
  readonly reasons?: ReadonlyArray<R> | undefined
  /** How many times the request was sent, when `retryUpstream` ran it. */
  readonly attempts?: number | undefined
}

/** Whether a value is a faultline failure, from any copy of @faultline/core. */
export const isUpstreamFailure = (u: unknown): u is UpstreamFailure =>
  typeof u === "object" &&
  u !== null &&
  (u as Partial<Record<PropertyKey, unknown>>)[FailureTypeId] === FailureTypeId &&
  isUpstreamReason((u as { reason?: unknown }).reason)

/** Every reason of a failure, the primary first. */
export const reasonsOf = <R extends UpstreamReason>(failure: UpstreamFailure<R>): ReadonlyArray<R> =>
  failure.reasons && failure.reasons.length > 0 ? failure.reasons : [failure.reason]
