import { findUpstreamFailure } from "@faultline/core"
import * as Cause from "effect/Cause"

/**
 * What to throw for a failed Effect: what `Effect.runPromise` would reject with (so Nest handles e.g.
 * an `HttpException` as usual, even one whose `cause` is an upstream failure), unless that loses a
 * faultline failure found elsewhere in the cause (parallel work, a defect): then the failure itself.
 */
export const failureOf = (cause: Cause.Cause<unknown>): unknown => {
  const squashed = Cause.squash(cause)
  return findUpstreamFailure(squashed) !== undefined ? squashed : (findUpstreamFailure(cause) ?? squashed)
}
