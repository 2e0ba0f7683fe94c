import * as Cause from "effect/Cause"
import * as Exit from "effect/Exit"
import * as HttpClientError from "effect/http/HttpClientError"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { isUpstreamFailure, type UpstreamFailure } from "./UpstreamFailure.js"

// What was found in an error an adapter passes on (to `next`, or thrown to Nest's filter), so the
// error handler reads it instead of searching again: one search per request on the way out. `null`
// records "searched, nothing found". Weak: the entry goes with the error.
const located = new WeakMap<object, UpstreamFailure | null>()

const remember = (error: unknown, failure: UpstreamFailure | undefined): void => {
  if (typeof error === "object" && error !== null) located.set(error, failure ?? null)
}

/**
 * The upstream failure in an error, searched once: an error that came out of {@link errorOfExit}
 * (or was searched here before) is not searched again.
 */
export const failureIn = (error: unknown): UpstreamFailure | undefined => {
  if (typeof error === "object" && error !== null) {
    const known = located.get(error)
    if (known !== undefined) return known ?? undefined
  }
  const failure = findUpstreamFailure(error)
  remember(error, failure)
  return failure
}

/** A failed Effect's error as a framework should see it, and the failure found in it (once). */
export interface LocatedError {
  readonly error: unknown
  readonly failure: UpstreamFailure | undefined
}

/**
 * Finds the upstream failure of a failed Effect in one pass over its cause, and chooses what the
 * framework sees: usually what `Effect.runPromise` would reject with (the squashed cause), so an
 * app's own errors keep their meaning (a NestJS `HttpException`, say, even one caused by an upstream
 * failure); the failure itself when that error hides it (parallel work, a defect); an
 * `HttpClientError` already classified, without its request. The pair is remembered, so the error
 * handler that receives `error` does not search it again.
 */
export const locateCause = (cause: Cause.Cause<unknown>): LocatedError => {
  const squashed = Cause.squash(cause)
  // The squashed error is searched first: when it shows the failure, it is what the framework gets.
  const shown = findUpstreamFailure(squashed)
  if (shown !== undefined) {
    const error = HttpClientError.isHttpClientError(squashed) ? shown : squashed
    remember(error, shown)
    return { error, failure: shown }
  }
  // Otherwise the other reasons, each searched once (the squashed one is skipped).
  // Typed failures first (what the program declared), defects after, as findUpstreamFailure does.
  const values = [
    ...cause.reasons.filter(Cause.isFailReason).map((reason) => reason.error),
    ...cause.reasons.filter(Cause.isDieReason).map((reason) => reason.defect)
  ]
  let failure: UpstreamFailure | undefined
  for (const value of values) {
    if (value === squashed) continue
    failure = findUpstreamFailure(value)
    if (failure !== undefined) break
  }
  const error = failure ?? squashed
  remember(error, failure)
  return { error, failure }
}

/** {@link locateCause} for an `Exit` (a success holds no failure), or any thrown error. */
export const locate = (source: unknown): LocatedError => {
  // The common case first: the failure itself was thrown (it is never an Exit or a Cause).
  if (isUpstreamFailure(source)) return { error: source, failure: source }
  if (Exit.isExit(source)) {
    return Exit.isFailure(source) ? locateCause(source.cause) : { error: undefined, failure: undefined }
  }
  if (Cause.isCause(source)) return locateCause(source)
  return { error: source, failure: failureIn(source) }
}
