import type { Category } from "./Category.js"
import type { RetryPolicy } from "./RetryPolicy.js"

/**
 * What a bare HTTP status means when no vendor code explains it (a CDN error page, an empty body, a
 * status-only error). Vendor decoders use it as their fallback so every package reads statuses alike.
 */
export const statusCategory = (
  status: number
): { readonly category: Category; readonly retry: RetryPolicy } => {
  switch (status) {
    case 400:
    case 422:
      return { category: "invalid-input", retry: "never" }
    case 401:
    case 403:
    case 407:
      return { category: "misconfigured", retry: "never" }
    case 404:
      return { category: "not-found", retry: "never" }
    case 408:
      // The server gave up waiting for our request: it was not processed.
      return { category: "timeout", retry: "safe" }
    case 409:
      return { category: "conflict", retry: "never" }
    case 429:
      return { category: "throttled", retry: "safe" }
    case 503:
      return { category: "unavailable", retry: "idempotent-only" }
    case 504:
      return { category: "timeout", retry: "idempotent-only" }
    default:
      return status >= 500
        ? { category: "upstream-error", retry: "idempotent-only" }
        : { category: "upstream-error", retry: "never" }
  }
}
