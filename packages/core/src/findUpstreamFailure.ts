import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as HttpClientError from "effect/http/HttpClientError"
import { fromHttpClientError } from "./fromHttpClientError.js"
import { UpstreamError } from "./UpstreamError.js"
import { isUpstreamFailure, type UpstreamFailure } from "./UpstreamFailure.js"
import { isUpstreamReason } from "./UpstreamReason.js"
import { withAttempts } from "./withAttempts.js"

// Wrappers nest rarely more than a few levels; the bound keeps cyclic `cause` chains harmless.
const maxDepth = 8

const search = (u: unknown, depth: number): UpstreamFailure | undefined => {
  if (depth > maxDepth || typeof u !== "object" || u === null) return undefined
  if (isUpstreamFailure(u)) return u
  if (isUpstreamReason(u)) return new UpstreamError({ reason: u })
  if (HttpClientError.isHttpClientError(u)) {
    // retryUpstream counts attempts on the raw error; the classified failure must keep them.
    const attempts = (u as { readonly attempts?: unknown }).attempts
    const failure = fromHttpClientError(u)
    return typeof attempts === "number" ? withAttempts(failure, attempts) : failure
  }
  if (Cause.isCause(u)) {
    // Typed failures first: they are what the program declared; defects come after.
    for (const reason of u.reasons) {
      if (Cause.isFailReason(reason)) {
        const found = search(reason.error, depth + 1)
        if (found) return found
      }
    }
    for (const reason of u.reasons) {
      if (Cause.isDieReason(reason)) {
        const found = search(reason.defect, depth + 1)
        if (found) return found
      }
    }
    return undefined
  }
  if (Exit.isExit(u)) return Exit.isFailure(u) ? search(u.cause, depth + 1) : undefined
  const errors = (u as { errors?: unknown }).errors
  if (u instanceof AggregateError && Array.isArray(errors)) {
    for (const e of errors) {
      const found = search(e, depth + 1)
      if (found) return found
    }
  }
  return "cause" in u ? search((u as { cause?: unknown }).cause, depth + 1) : undefined
}

/**
 * Finds the upstream failure in whatever an app caught: a vendor error, a bare reason, Effect's
 * `HttpClientError` (classified), a `Cause` or `Exit`, the error a rejected `Effect.runPromise` gives,
 * or any error whose `cause` chain holds one. Returns `undefined` for unrelated errors. Never throws.
 */
export const findUpstreamFailure = (u: unknown): UpstreamFailure | undefined => {
  try {
    return search(u, 0)
  } catch {
    // A hostile getter or proxy in a foreign error is not ours to crash on.
    return undefined
  }
}
