import type { Category } from "./Category.js"
import type { RetryPolicy } from "./RetryPolicy.js"

/** A category and the retry class that goes with it. */
export interface StatusMeaning {
  readonly category: Category
  readonly retry: RetryPolicy
}

// One frozen object per meaning: decoders read one per answer, none needs a copy.
const meaning = (category: Category, retry: RetryPolicy): StatusMeaning => Object.freeze({ category, retry })
const misconfigured = meaning("misconfigured", "never")
const timeoutSafe = meaning("timeout", "safe")
const throttled = meaning("throttled", "safe")
const unavailable = meaning("unavailable", "idempotent-only")
const timeout = meaning("timeout", "idempotent-only")
const serverError = meaning("upstream-error", "idempotent-only")
const upstreamError = meaning("upstream-error", "never")

/**
 * What a bare HTTP status means when no vendor code explains it (a CDN error page, an empty body, a
 * status-only error). Vendor decoders use it as their fallback so every package reads statuses alike.
 * Without a code nobody can say the caller's data was at fault, so other 4xx are upstream errors
 * (DESIGN: an unreadable body is an upstream error), never invalid input blamed on the caller.
 */
export const statusCategory = (status: number): StatusMeaning => {
  switch (status) {
    // Vendors answer a missing resource or a bad field with a code; a bare 404 or 405 means the
    // URL or method our client built is wrong.
    case 401:
    case 403:
    case 404:
    case 405:
    case 407:
      return misconfigured
    case 408:
      // The server gave up waiting for our request: it was not processed.
      return timeoutSafe
    case 429:
      return throttled
    case 503:
      return unavailable
    case 504:
      return timeout
    default:
      return status >= 500 ? serverError : upstreamError
  }
}
