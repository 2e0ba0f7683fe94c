import type { UpstreamFailure } from "./UpstreamFailure.js"

/**
 * Whether a failed non-idempotent request may have been carried out anyway: it was sent and no
 * answer said (a timeout, a reset, a 5xx: retry class `idempotent-only`), or a 2xx arrived that we
 * could not read (too large, unreadable). The one definition of "maybe processed": the
 * exactly-once discipline and a client's retry (a delete retried after it) both read it.
 */
export const outcomeUnknown = (failure: UpstreamFailure): boolean => {
  const status = failure.reason.upstreamStatus
  return (
    failure.reason.retry === "idempotent-only" ||
    (failure._tag === "UpstreamError" && status !== undefined && status >= 200 && status <= 299)
  )
}
