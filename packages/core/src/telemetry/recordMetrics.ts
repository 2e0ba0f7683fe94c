import type * as Effect from "effect/Effect"
import * as Metric from "effect/Metric"
import type { UpstreamFailure } from "../UpstreamFailure.js"
import { limiterWait, reconciliations, upstreamFailures, upstreamRetries } from "./metrics.js"

// How the clients record the metrics of `metrics.ts` (internal: apps read the metrics themselves).

/** Counts a call's final failure on `faultline.upstream.failures`. */
export const countFailure = (failure: UpstreamFailure): Effect.Effect<void> =>
  Metric.update(
    Metric.withAttributes(upstreamFailures, {
      "faultline.vendor": failure.reason.vendor,
      "faultline.reason": failure.reason._tag,
      "faultline.category": failure.reason.category
    }),
    1
  )

/** Counts one resend on `faultline.upstream.retries`. */
export const countRetry = (vendor: string, failure: UpstreamFailure): Effect.Effect<void> =>
  Metric.update(
    Metric.withAttributes(upstreamRetries, {
      "faultline.vendor": vendor,
      "faultline.reason": failure.reason._tag
    }),
    1
  )

/** Records one attempt's wait for the limiter, in seconds. */
export const recordLimiterWait = (vendor: string, millis: number): Effect.Effect<void> =>
  Metric.update(
    Metric.withAttributes(limiterWait, { "faultline.vendor": vendor }),
    Math.max(0, millis) / 1000
  )

/** Counts one reconciliation and its outcome. */
export const countReconciliation = (
  service: string,
  operation: string,
  outcome: "Found" | "Absent" | "Unknown"
): Effect.Effect<void> =>
  Metric.update(
    Metric.withAttributes(reconciliations, {
      "faultline.service": service,
      "faultline.operation": operation,
      "faultline.reconciliation.outcome": outcome.toLowerCase()
    }),
    1
  )
