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

// The request of an HttpClientError holds the credential headers we sent; only the underlying fault
// (a socket error, an abort, a decode failure) is kept, and only when it does not carry a request too.
const underlyingCause = (error: HttpClientError.HttpClientError): unknown => {
  const cause = (error.reason as { readonly cause?: unknown }).cause
  return typeof cause === "object" && cause !== null && "request" in cause ? undefined : cause
}

/**
 * Classifies Effect's `HttpClientError` through the faultline protocol, so adapters and
 * `retryUpstream` treat transport faults like vendor failures. Nothing of the request (URL, headers,
 * credentials) is kept on the result; the underlying fault stays reachable as the non-enumerable
 * `cause`, for debugging.
 */
export const fromHttpClientError = (
  error: HttpClientError.HttpClientError,
  options: ClassifyOptions = {}
): UpstreamError => {
  const failure = new UpstreamError({
    reason: classifyReason(error.reason, options.vendor ?? "http", options.now ?? Date.now())
  })
  Object.defineProperty(failure, "cause", {
    value: underlyingCause(error),
    enumerable: false,
    configurable: true
  })
  return failure
}
