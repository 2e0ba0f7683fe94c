import * as Metric from "effect/Metric"

// Named and shaped after OpenTelemetry's metric naming rules: a `faultline.` namespace, counters of
// countable things pluralized with a `{thing}` unit, durations in seconds, no `_total` suffix.
// https://opentelemetry.io/docs/specs/semconv/general/naming/#metrics
// effect's OTLP exporter reads a metric's unit from its `unit` attribute (`time_unit` for timers).

/**
 * `faultline.upstream.failures` (counter, `{failure}`): vendor calls that ended in a failure, after
 * their retries, by `faultline.vendor`, `faultline.reason` (the reason's class, e.g.
 * `RequestLimitExceeded`) and `faultline.category` (e.g. `throttled`).
 */
export const upstreamFailures = Metric.counter("faultline.upstream.failures", {
  description: "Upstream calls that ended in a failure, after their retries",
  attributes: { unit: "{failure}" },
  incremental: true
})

/**
 * `faultline.upstream.retries` (counter, `{retry}`): requests sent again by the client's retry, by
 * `faultline.vendor` and `faultline.reason` (the failure that was retried).
 */
export const upstreamRetries = Metric.counter("faultline.upstream.retries", {
  description: "Upstream requests sent again after a failed attempt",
  attributes: { unit: "{retry}" },
  incremental: true
})

/**
 * `faultline.limiter.wait.duration` (histogram, `s`): how long each attempt waited for the rolling-window
 * rate limiter's permit before it was sent, by `faultline.vendor`.
 */
export const limiterWait = Metric.histogram("faultline.limiter.wait.duration", {
  description: "Time an upstream request waited for the rate limiter before it was sent",
  attributes: { unit: "s" },
  boundaries: [0, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 180]
})

/**
 * `faultline.reconciliations` (counter, `{reconciliation}`): lookups after a lost answer of a
 * non-idempotent request, by `faultline.service`, `faultline.operation` and
 * `faultline.reconciliation.outcome` (`found`, `absent` or `unknown`).
 */
export const reconciliations = Metric.counter("faultline.reconciliations", {
  description: "Lookups of what a non-idempotent request whose answer was lost did",
  attributes: { unit: "{reconciliation}" },
  incremental: true
})
