import type { FailureContext, FailureDescription } from "@faultline/core/adapter"

// Every value here is log-safe already (sanitised codes, our ids, numbers); `key=value` pairs keep
// the line one line and greppable. Absent facts are left out.
const pair = (key: string, value: string | number | boolean | undefined): string =>
  value === undefined ? "" : ` ${key}=${value}`

/**
 * The default log line of a failure: `upstream failure vendor=... code=... category=... status=...`
 * with the upstream status and request id, our request id, and `aborted=true` when the response had
 * started. A string, not an object, so the logger does not format it.
 */
export const failureLine = (description: FailureDescription, context: FailureContext<unknown>): string =>
  "upstream failure" +
  pair("vendor", description.vendor) +
  pair("reason", description.reason) +
  pair("code", description.code) +
  pair("category", description.category) +
  pair("status", context.status) +
  pair("upstreamStatus", description.upstreamStatus) +
  pair("upstreamRequestId", description.upstreamRequestId) +
  pair("requestId", context.requestId) +
  pair("attempts", description.attempts) +
  (context.aborted ? " aborted=true" : "")
