import type { Category, RetryPolicy } from "@faultline/core"
import {
  type DecodeOptions,
  type ErrorResponse,
  headerValue,
  parseJsonBody,
  parseRetryAfter,
  type ReasonArgs,
  statusCategory,
  statusCode,
  upstreamBounds,
  upstreamStatus,
  upstreamText
} from "@faultline/core/vendor/decode"
import * as Duration from "effect/Duration"
import { byStatus, parameterisedCodes, reasonClassOf, unknown } from "./catalogue.js"
import { CertCentralError } from "./CertCentralError.js"
import { parseCode, sanitizedCode } from "./code.js"
import { type ErrorEntry, errorEntries } from "./envelope.js"
import { fieldIssue } from "./fieldIssue.js"
import type { CertCentralReason } from "./reasons.js"

/**
 * CertCentral documents no Retry-After: a throttled reason without one (`request_limit_exceeded`, a
 * bare 429, an unknown code under a 429) waits out the short (5 s) window.
 */
export const defaultThrottleWait: Duration.Duration = Duration.seconds(5)

type Construct = new (args: ReasonArgs & { readonly param?: string | undefined }) => CertCentralReason

/**
 * The wait a reason carries: none for a reason that is never retried (a Retry-After on a 400 means
 * nothing to us), the upstream's Retry-After otherwise, and DigiCert's short window for a throttled
 * reason without one.
 */
const waitFor = (
  category: Category,
  retry: RetryPolicy,
  retryAfter: Duration.Duration | undefined
): Duration.Duration | undefined =>
  retry === "never" ? undefined : (retryAfter ?? (category === "throttled" ? defaultThrottleWait : undefined))

const fromEntry = (
  entry: ErrorEntry,
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const code = parseCode(entry.code)
  const message = upstreamText(entry.message)
  const klass = reasonClassOf(code.key)
  const parameterised = parameterisedCodes.has(code.key)
  // The reason's `code` is log-safe (documented, or a placeholder and a hash); the raw code is kept
  // redacted in `upstreamCode`. One args object, filled in place: decoding builds one per entry.
  const args: { -readonly [K in keyof ReasonArgs]: ReasonArgs[K] } & { param?: string | undefined } = {
    code: sanitizedCode(code, klass?.spec.code, parameterised),
    upstreamCode: code.raw,
    upstreamStatus: status
  }
  if (message !== undefined) args.upstreamMessage = message
  if (klass === undefined) {
    // An unknown code under a 429 or 5xx still means what the status says.
    const fallback =
      status !== undefined && (status === 429 || status >= 500) ? statusCategory(status) : unknown.spec
    if (fallback !== unknown.spec) {
      args.category = fallback.category
      args.retry = fallback.retry
    }
    const wait = waitFor(fallback.category, fallback.retry, retryAfter)
    if (wait !== undefined) args.retryAfter = wait
    return new (unknown as Construct)(args)
  }
  if (parameterised) args.param = code.param
  const issue = fieldIssue(klass.spec, parameterised ? code.param : undefined)
  if (issue !== undefined) args.issues = [issue]
  const wait = waitFor(klass.spec.category, klass.spec.retry, retryAfter)
  if (wait !== undefined) args.retryAfter = wait
  return new (klass as Construct)(args)
}

// A response without a code: its status-only reason (`http_<n>`, `http_5xx`, `http_status`). An
// exact status row keeps its own category; the others read the status as core reads it: a bare 404
// or 405 is our URL (misconfigured), a bare 400/409/422 an upstream error (nobody said the caller's
// data was at fault), a 504 a timeout.
const fromStatus = (
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const klass = byStatus(status) ?? unknown
  const code = statusCode(status)
  const { category, retry } =
    klass.spec.code === code || status === undefined ? klass.spec : statusCategory(status)
  const wait = waitFor(category, retry, retryAfter)
  return new (klass as Construct)({
    code,
    upstreamStatus: status,
    category,
    retry,
    ...(wait !== undefined ? { retryAfter: wait } : {})
  })
}

const isSuccess = (status: unknown): boolean =>
  typeof status === "number" && Number.isInteger(status) && status >= 200 && status <= 299

/**
 * Decodes a CertCentral response into a `CertCentralError`, or `undefined` for a 2xx. Total and
 * synchronous: whatever the status, headers or body (HTML, empty, truncated JSON, `errors` as an
 * object, unknown codes, megabytes of garbage, `__proto__` keys), it returns and never throws.
 * Every entry of `errors` becomes a reason, the first is the primary; unknown codes become
 * `Unrecognized`; bodies without any code decode by status.
 */
export const decodeError = (
  response: ErrorResponse,
  options: DecodeOptions = {}
): CertCentralError | undefined => decode(response, options)

const decode = (response: ErrorResponse, options: DecodeOptions): CertCentralError | undefined => {
  let status: number | undefined
  try {
    if (isSuccess(response.status)) return undefined
    status = upstreamStatus(response.status)
    // The clock is read only for a Retry-After (an HTTP date is relative to it).
    const header = headerValue(response.headers, "retry-after")
    const retryAfter = header === undefined ? undefined : parseRetryAfter(header, options.now ?? Date.now())
    const entries = errorEntries(
      parseJsonBody(response.body, options.maxBodyLength ?? upstreamBounds.maxResponseBytes)
    )
    const reasons =
      entries.length > 0
        ? entries.map((e) => fromEntry(e, status, retryAfter))
        : [fromStatus(status, retryAfter)]
    return new CertCentralError({ reason: reasons[0] as CertCentralReason, reasons })
  } catch {
    // Only a hostile headers/body object (throwing getters, proxies) gets here.
    const reason = fromStatus(status, undefined)
    return new CertCentralError({ reason, reasons: [reason] })
  }
}
