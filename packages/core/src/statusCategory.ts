import type { Category } from "./Category.js"
import type { RetryPolicy } from "./RetryPolicy.js"

/**
 * What a bare HTTP status means when no vendor code explains it (a CDN error page, an empty body, a
 * status-only error). Vendor decoders use it as their fallback so every package reads statuses alike.
 * Without a code nobody can say the caller's data was at fault, so other 4xx are upstream errors
 * (DESIGN: an unreadable body is an upstream error), never invalid input blamed on the caller.
 */
export const statusCategory = (
  status: number
): { readonly category: Category; readonly retry: RetryPolicy } => {
  switch (status) {
    // Vendors answer a missing resource or a bad field with a code; a bare 404 or 405 means the
    // URL or method our client built is wrong.
    case 401:
    case 403:
    case 404:
    case 405:
    case 407:
      return { category: "misconfigured", retry: "never" }
    case 408:
      // The server gave up waiting for our request: it was not processed.
      return { category: "timeout", retry: "safe" }
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
