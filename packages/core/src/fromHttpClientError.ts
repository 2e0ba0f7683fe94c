import type * as HttpClientError from "effect/http/HttpClientError"
import { parseRetryAfter } from "./RetryAfter.js"
import { statusCategory } from "./statusCategory.js"
import {
  InvalidRequest,
  TransportFault,
  type TransportReason,
  UnexpectedStatus,
  UnreadableResponse,
  UpstreamTimeout
} from "./TransportReason.js"
import { UpstreamError } from "./UpstreamError.js"

export interface ClassifyOptions {
  /** The upstream's name on the reason; defaults to `http`. */
  readonly vendor?: string | undefined
  /** Epoch ms for reading an HTTP-date `Retry-After`; defaults to `Date.now()`. */
  readonly now?: number | undefined
}

const timeoutCodes = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT"
])

// Walks the cause chain of a transport error looking for the timeouts that Node, undici, fetch's
// AbortSignal.timeout and Effect's own TimeoutError report.
const isTimeout = (cause: unknown): boolean => {
  let current: unknown = cause
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const c = current as { name?: unknown; code?: unknown; _tag?: unknown; cause?: unknown }
    if (c.name === "TimeoutError" || c._tag === "TimeoutError") return true
    if (typeof c.code === "string" && timeoutCodes.has(c.code)) return true
    current = c.cause
  }
  return false
}

const classifyReason = (
  reason: HttpClientError.HttpClientErrorReason,
  vendor: string,
  now: number
): TransportReason => {
  switch (reason._tag) {
    case "TransportError":
      return isTimeout(reason.cause) ? new UpstreamTimeout({ vendor }) : new TransportFault({ vendor })
    case "EncodeError":
    case "InvalidUrlError":
      return new InvalidRequest({ vendor, code: reason._tag })
    case "DecodeError":
    case "EmptyBodyError":
      return new UnreadableResponse({ vendor, code: reason._tag, upstreamStatus: reason.response.status })
    case "StatusCodeError": {
      const status = reason.response.status
      return new UnexpectedStatus({
        vendor,
        code: `http_${status}`,
        upstreamStatus: status,
        retryAfter: parseRetryAfter(reason.response.headers["retry-after"], now),
        ...statusCategory(status)
      })
    }
  }
}

// What of the underlying fault is kept: its name and Node's structured error facts. Never its
// message, which can quote what we sent (undici's "invalid header value" error quotes the header,
// i.e. the credential), and never a request (an HttpClientError's request holds our credentials).
const safeCause = (cause: unknown, depth = 0): Error | undefined => {
  if (depth > 4 || typeof cause !== "object" || cause === null) return undefined
  const c = cause as { name?: unknown; code?: unknown; syscall?: unknown; _tag?: unknown; cause?: unknown }
  const name = typeof c.name === "string" ? c.name : typeof c._tag === "string" ? c._tag : "Error"
  const code = typeof c.code === "string" && /^[A-Z0-9_]{1,40}$/.test(c.code) ? c.code : undefined
  const syscall = typeof c.syscall === "string" && /^[a-z]{1,20}$/.test(c.syscall) ? c.syscall : undefined
  const inner = safeCause(c.cause, depth + 1)
  const error = new Error(code ?? name, inner !== undefined ? { cause: inner } : undefined)
  error.name = name.slice(0, 60)
  if (code !== undefined) Object.assign(error, { code })
  if (syscall !== undefined) Object.assign(error, { syscall })
  return error
}

/**
 * Classifies Effect's `HttpClientError` through the faultline protocol, so adapters and
 * `retryUpstream` treat transport faults like vendor failures. Nothing of the request (URL, headers,
 * credentials) is kept on the result; the underlying fault's name and Node error code (e.g.
 * `ECONNREFUSED`) stay reachable as the non-enumerable `cause`, for debugging, without its message.
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  options: ClassifyOptions = {}
): UpstreamError => {
  const failure = new UpstreamError({
    reason: classifyReason(error.reason, options.vendor ?? "http", options.now ?? Date.now())
  })
  Object.defineProperty(failure, "cause", {
    value: safeCause((error.reason as { readonly cause?: unknown }).cause),
    enumerable: false,
    configurable: true
  })
  return failure
}
