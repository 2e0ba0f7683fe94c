import { parseRetryAfter, type ReasonArgs, statusCategory } from "@faultline/core"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import { byCode, type CertCentralReason, parameterisedCodes } from "./catalogue.js"
import { CertCentralError } from "./CertCentralError.js"
import { parseCode } from "./Code.js"
import { type ErrorEntry, errorEntries } from "./Envelope.js"
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
  /** The body as text, bytes or already-parsed JSON. */
  readonly body?: unknown
}

export interface DecodeOptions {
  /** Epoch ms for reading an HTTP-date `Retry-After`; defaults to `Date.now()`. */
  readonly now?: number | undefined
  /** Longer text bodies are not parsed (they decode by status). Default 1 MiB. */
  readonly maxBodyLength?: number | undefined
}

/** CertCentral documents no Retry-After: a throttled request waits out the short (5 s) window. */
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
  else if (body instanceof Uint8Array) {
    if (body.byteLength > maxLength) return undefined
    text = new TextDecoder("utf-8", { fatal: false }).decode(body)
  } else return body
  if (text.length > maxLength) return undefined
  const start = text.search(/\S/)
  if (start === -1 || text.charCodeAt(start) !== 123 /* { */) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

type Construct = new (args: ReasonArgs & { readonly param?: string | undefined }) => CertCentralReason

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
    ...(upstreamMessage !== undefined ? { upstreamMessage } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {})
  }
  const klass = byCode.get(code.key) as Construct | undefined
  if (klass === undefined) {
    // An unknown code under a 429 or 5xx still means what the status says.
    const fallback = status !== undefined && (status === 429 || status >= 500) ? statusCategory(status) : {}
    return new R.Unrecognized({ ...common, ...fallback })
  }
  if (parameterisedCodes.has(code.key)) {
    return new klass({
      ...common,
      param: code.param,
      ...(code.param !== undefined ? { issues: [{ param: code.param, code: code.key }] } : {})
    })
  }
  if (klass === (R.RequestLimitExceeded as unknown)) {
    return new klass({ ...common, retryAfter: retryAfter ?? defaultThrottleWait })
  }
  return new klass(common)
}

const fromStatus = (
  status: number | undefined,
  retryAfter: Duration.Duration | undefined
): CertCentralReason => {
  const common = {
    upstreamStatus: status,
    code: status !== undefined ? `http_${status}` : "http_status",
    ...(retryAfter !== undefined ? { retryAfter } : {})
  }
  if (status === 429) return new R.Throttled({ ...common, retryAfter: retryAfter ?? defaultThrottleWait })
  if (status === 503) return new R.Unavailable(common)
  if (status !== undefined && status >= 500)
    return new R.ServerError({ ...common, ...statusCategory(status) })
  return new R.UnexplainedStatus({ ...common, ...(status !== undefined ? statusCategory(status) : {}) })
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
