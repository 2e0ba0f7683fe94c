/**
 * Whether a failed upstream request may be sent again.
 *
 * - `never`: repeating it cannot help (bad input, missing resource, our own misconfiguration).
 * - `safe`: the upstream did not process the request, so even a POST may be sent again
 *   (429, RequestRunning, maintenance, expired signatures).
 * - `idempotent-only`: the request may have been processed (5xx, timeouts, transport faults); only an
 *   idempotent request may be repeated, because a repeated certificate order is a second, billed order.
 */
export type RetryPolicy = "never" | "safe" | "idempotent-only"

export const retryPolicies: ReadonlyArray<RetryPolicy> = ["never", "safe", "idempotent-only"]

/** Whether a failure with this policy may be retried for a request of the given idempotency. */
export const allowsRetry = (policy: RetryPolicy, idempotent: boolean): boolean =>
  policy === "safe" || (policy === "idempotent-only" && idempotent)

export const isRetryPolicy = (u: unknown): u is RetryPolicy =>
  u === "never" || u === "safe" || u === "idempotent-only"
