import { findUpstreamFailure } from "@faultline/core"
import * as Cause from "effect/Cause"

/**
 * What to hand Express for a failed Effect: its faultline failure when the cause holds one anywhere
 * (a failure, a defect, a later failure of parallel work), so `upstreamErrorHandler` maps it; else
 * exactly what `Effect.runPromise` would reject with. Same rule as the Nest adapter.
 */
export const failureOf = (cause: Cause.Cause<unknown>): unknown =>
  findUpstreamFailure(cause) ?? Cause.squash(cause)
