import * as Cause from "effect/Cause"
import * as HttpClientError from "effect/http/HttpClientError"
import { findUpstreamFailure } from "./findUpstreamFailure.js"

/**
 * What a framework should see for a failed Effect. Usually what `Effect.runPromise` would reject with,
 * so an app's own errors (a NestJS `HttpException`, say, even one caused by an upstream failure) keep
 * their meaning; but when that error hides the upstream failure the cause holds elsewhere (parallel
 * work, a defect), the failure itself; and an `HttpClientError` already classified, without its request.
 */
export const errorOfCause = (cause: Cause.Cause<unknown>): unknown => {
  const squashed = Cause.squash(cause)
  const shown = findUpstreamFailure(squashed)
  if (HttpClientError.isHttpClientError(squashed)) return shown
  return shown !== undefined ? squashed : (findUpstreamFailure(cause) ?? squashed)
}
