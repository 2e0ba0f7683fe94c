import type { Category, RetryPolicy } from "@faultline/core"
import {
  type DecodeOptions,
  decodedFailure,
  decodedReason,
  type ErrorResponse,
  hashedCode,
  headerValue,
  parseJsonBody,
  parseRetryAfter,
  statusCategory,
  statusCode,
  upstreamBounds,
  upstreamStatus,
  upstreamText
} from "@faultline/core/vendor/decode"
import * as Duration from "effect/Duration"
import { byCode, byStatus, parameterisedCodes, reasonClassOf, unknown } from "./catalogue.js"
import { CertCentralError } from "./CertCentralError.js"
import { maxCodeLength, parseCode, sanitizedCode } from "./code.js"
import { entriesOf, entryCode, entryMessage } from "./envelope.js"
import { issuesOf } from "./fieldIssue.js"
import type { CertCentralReason } from "./reasons.js"

/**
 * CertCentral documents no Retry-After: a throttled reason without one (`request_limit_exceeded`, a
 * bare 429, an unknown code under a 429) waits out the short (5 s) window.
 */
export const defaultThrottleWait: Duration.Duration = Duration.seconds(5)

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

// A code that is exactly a documented key (most are: `pending_reissue`, `not_found|order`) needs no
// split: it is its own catalogue key and log-safe code, with no `:param` (no key has a colon).
const fromEntry = (
  input: string,
  message: unknown,
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const text = upstreamText(message)
  const raw = input.trim().slice(0, maxCodeLength)
  const direct = byCode.get(raw)
  if (direct !== undefined) {
    const { category, retry } = direct.spec
    const field = parameterisedCodes.has(raw) ? "param" : undefined
    const issues = issuesOf(direct.spec, undefined)
    const wait = waitFor(category, retry, retryAfter)
    return decodedReason(direct, raw, status, raw, text, undefined, wait, issues, undefined, field)
  }
  const code = parseCode(input)
  const klass = reasonClassOf(code.key)
  if (klass === undefined) return unknownEntry(code.raw, text, status, retryAfter)
  const parameterised = parameterisedCodes.has(code.key)
  const param = parameterised ? code.param : undefined
  // The reason's `code` is log-safe (documented, or a placeholder and a hash); the raw code is kept
  // redacted in `upstreamCode`.
  const safe = sanitizedCode(code, klass.spec.code, parameterised)
  const issues = issuesOf(klass.spec, param)
  const wait = waitFor(klass.spec.category, klass.spec.retry, retryAfter)
  const field = parameterised ? "param" : undefined
  return decodedReason(klass, safe, status, code.raw, text, undefined, wait, issues, undefined, field, param)
}

// A code nobody documents: `unrecognized#<hash>`; under a 429 or 5xx it still means what the status says.
const unknownEntry = (
  raw: string,
  text: string | undefined,
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const fallback =
    status !== undefined && (status === 429 || status >= 500) ? statusCategory(status) : unknown.spec
  const wait = waitFor(fallback.category, fallback.retry, retryAfter)
  return decodedReason(unknown, hashedCode(raw), status, raw, text, undefined, wait, undefined, fallback)
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
  const meaning = klass.spec.code === code || status === undefined ? klass.spec : statusCategory(status)
  const wait = waitFor(meaning.category, meaning.retry, retryAfter)
  return decodedReason(klass, code, status, undefined, undefined, undefined, wait, undefined, meaning)
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
    const entries = entriesOf(
      parseJsonBody(response.body, options.maxBodyLength ?? upstreamBounds.maxResponseBytes)
    )
    const reasons: Array<CertCentralReason> = []
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]
      const code = entryCode(entry)
      if (code !== undefined) reasons.push(fromEntry(code, entryMessage(entry), status, retryAfter))
    }
    const first = reasons[0]
    if (first !== undefined) return decodedFailure(CertCentralError, first, reasons)
    const reason = fromStatus(status, retryAfter)
    return decodedFailure(CertCentralError, reason)
  } catch {
    // Only a hostile headers/body object (throwing getters, proxies) gets here.
    return decodedFailure(CertCentralError, fromStatus(status, undefined))
  }
}
