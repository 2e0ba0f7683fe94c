import {
  type Category,
  parseRetryAfter,
  type ReasonArgs,
  type RetryPolicy,
  statusCategory
} from "@faultline/core"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import { byCode, type CertCentralReason, parameterisedCodes } from "./catalogue.js"
import { CertCentralError } from "./CertCentralError.js"
import { parseCode } from "./Code.js"
import { type ErrorEntry, errorEntries } from "./Envelope.js"
import { fieldIssue } from "./fieldIssue.js"
import * as R from "./Reasons.js"

/** Header values as Node records or effect/http `Headers` give them. */
export type HeaderRecord = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** The WHATWG `Headers` of `fetch`, read through its `get`. */
export interface HeaderGetter {
  readonly get: (name: string) => string | null
}

export interface ErrorResponse {
  readonly status: number
  readonly headers?: HeaderRecord | HeaderGetter | undefined
  /** The body as text, bytes (`Uint8Array`, `ArrayBuffer`, any view) or already-parsed JSON. */
  readonly body?: unknown
}

export interface DecodeOptions {
  /** Epoch ms for reading an HTTP-date `Retry-After`; defaults to `Date.now()`. */
  readonly now?: number | undefined
  /** Longer text bodies are not parsed (they decode by status). Default 1 MiB. */
  readonly maxBodyLength?: number | undefined
}

/**
 * CertCentral documents no Retry-After: a throttled reason without one (`request_limit_exceeded`, a
 * bare 429, an unknown code under a 429) waits out the short (5 s) window.
 */
export const defaultThrottleWait: Duration.Duration = Duration.seconds(5)

const defaultMaxBodyLength = 1024 * 1024
const maxMessageLength = 2048

// Reads a header case-insensitively without trusting the record (a getter or Proxy may throw; the
// caller's try/catch in decodeError covers that).
const header = (headers: HeaderRecord | HeaderGetter | undefined, name: string): unknown => {
  if (typeof headers !== "object" || headers === null) return undefined
  if (typeof headers.get === "function") return (headers as HeaderGetter).get(name) ?? undefined
  if (Object.hasOwn(headers, name)) return (headers as HeaderRecord)[name]
  for (const key of Object.keys(headers).slice(0, 200)) {
    if (key.toLowerCase() === name) return (headers as HeaderRecord)[key]
  }
  return undefined
}

// Only text that could be the JSON envelope is parsed: an HTML page or 5 MB of garbage is rejected
// by its length or first character before JSON.parse sees it.
const parseBody = (body: unknown, maxLength: number): unknown => {
  let text: string
  if (typeof body === "string") text = body
  else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes =
      body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
    if (bytes.byteLength > maxLength) return undefined
    text = new TextDecoder("utf-8", { fatal: false }).decode(bytes)
  } else return body
  if (text.length > maxLength) return undefined
  const start = text.search(/\S/)
  if (start === -1 || text.charCodeAt(start) !== 123 /* { */) return undefined
  try {
    // From the brace on: JSON.parse refuses the byte order mark some servers put first.
    return JSON.parse(text.slice(start))
  } catch {
    return undefined
  }
}

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
): { readonly retryAfter?: Duration.Duration } => {
  if (retry === "never") return {}
  const wait = retryAfter ?? (category === "throttled" ? defaultThrottleWait : undefined)
  return wait !== undefined ? { retryAfter: wait } : {}
}

const fromEntry = (
  entry: ErrorEntry,
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const code = parseCode(entry.code)
  const upstreamMessage =
    typeof entry.message === "string" && entry.message.length > 0
      ? Redacted.make(entry.message.slice(0, maxMessageLength))
      : undefined
  const common = {
    code: code.raw,
    upstreamStatus: status,
    ...(upstreamMessage !== undefined ? { upstreamMessage } : {})
  }
  const klass = byCode.get(code.key)
  if (klass === undefined) {
    // An unknown code under a 429 or 5xx still means what the status says.
    const fallback =
      status !== undefined && (status === 429 || status >= 500) ? statusCategory(status) : R.Unrecognized.spec
    return new R.Unrecognized({
      ...common,
      ...(fallback !== R.Unrecognized.spec ? fallback : {}),
      ...waitFor(fallback.category, fallback.retry, retryAfter)
    })
  }
  const param = parameterisedCodes.has(code.key) ? code.param : undefined
  const issue = fieldIssue(klass.spec, param)
  return new (klass as Construct)({
    ...common,
    ...(parameterisedCodes.has(code.key) ? { param } : {}),
    ...(issue !== undefined ? { issues: [issue] } : {}),
    ...waitFor(klass.spec.category, klass.spec.retry, retryAfter)
  })
}

const fromStatus = (
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const common = {
    upstreamStatus: status,
    code: status !== undefined ? `http_${status}` : "http_status"
  }
  if (status === 429) return new R.Throttled({ ...common, ...waitFor("throttled", "safe", retryAfter) })
  if (status === 503) {
    const { category, retry } = R.Unavailable.spec
    return new R.Unavailable({ ...common, ...waitFor(category, retry, retryAfter) })
  }
  // Other bare statuses read as core reads them: a bare 404 or 405 is our URL (misconfigured),
  // a bare 400/409/422 an upstream error (nobody said the caller's data was at fault).
  const fallback = status !== undefined ? statusCategory(status) : R.UnexplainedStatus.spec
  const args = {
    ...common,
    category: fallback.category,
    retry: fallback.retry,
    ...waitFor(fallback.category, fallback.retry, retryAfter)
  }
  return status !== undefined && status >= 500 ? new R.ServerError(args) : new R.UnexplainedStatus(args)
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
): CertCentralError | undefined => {
  let status: number | undefined
  try {
    if (isSuccess(response.status)) return undefined
    status =
      typeof response.status === "number" &&
      Number.isInteger(response.status) &&
      response.status >= 100 &&
      response.status <= 999
        ? response.status
        : undefined
    const retryAfter = parseRetryAfter(header(response.headers, "retry-after"), options.now ?? Date.now())
    const entries = errorEntries(parseBody(response.body, options.maxBodyLength ?? defaultMaxBodyLength))
    const reasons =
      entries.length > 0
        ? entries.map((e) => fromEntry(e, status, retryAfter))
        : [fromStatus(status, retryAfter)]
    return new CertCentralError({ reason: reasons[0] as CertCentralReason, reasons, upstreamStatus: status })
  } catch {
    // Only a hostile headers/body object (throwing getters, proxies) gets here.
    const reason = fromStatus(status, undefined)
    return new CertCentralError({ reason, reasons: [reason], upstreamStatus: status })
  }
}
