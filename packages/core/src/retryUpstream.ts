import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { allowsRetry } from "./RetryPolicy.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"
import { withAttempts } from "./withAttempts.js"

export interface RetryUpstreamOptions {
  /**
   * Whether sending the request twice is harmless (GET, PUT, DELETE by their nature; never a
   * certificate order). `idempotent-only` failures are retried only when this is `true`.
   */
  readonly idempotent: boolean
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number | undefined
  /** Total time budget: no retry is scheduled whose wait would end past it. Default 30 seconds. */
  readonly maxElapsed?: Duration.Input | undefined
  /** The first backoff delay. Default 200 ms. */
  readonly baseDelay?: Duration.Input | undefined
  /** Backoff growth per attempt. Default 2. */
  readonly factor?: number | undefined
  /** The longest backoff delay (a `retryAfter` may still ask for more). Default 10 seconds. */
  readonly maxDelay?: Duration.Input | undefined
  /** Randomise each backoff delay by ±20% so clients do not retry in lockstep. Default true. */
  readonly jitter?: boolean | undefined
  /** A further condition, e.g. to stop on a specific reason. */
  readonly while?: ((failure: UpstreamFailure) => boolean) | undefined
}

/**
 * The retry policy of {@link retryUpstream} as an Effect `Schedule` over the failures of a request,
 * for use with `Effect.retry` or `HttpClient.retryTransient({ schedule })`. It stops at the first
 * failure that is not an upstream failure or that its `retry` class forbids for this request.
 */
export const upstreamSchedule = (options: RetryUpstreamOptions): Schedule.Schedule<number, unknown> => {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4))
  const maxElapsed = Duration.toMillis(Duration.fromInputUnsafe(options.maxElapsed ?? "30 seconds"))
  const base = Duration.toMillis(Duration.fromInputUnsafe(options.baseDelay ?? "200 millis"))
  const maxDelay = Duration.toMillis(Duration.fromInputUnsafe(options.maxDelay ?? "10 seconds"))
  const factor = options.factor ?? 2
  const jitter = options.jitter ?? true
  return Schedule.fromStepWithMetadata(
    Effect.succeed((meta: Schedule.InputMetadata<unknown>) => {
      // meta.attempt counts the failures seen so far, so it is also the number of attempts made.
      const failure = findUpstreamFailure(meta.input)
      if (
        failure === undefined ||
        !allowsRetry(failure.reason.retry, options.idempotent) ||
        meta.attempt >= maxAttempts ||
        (options.while !== undefined && !options.while(failure))
      ) {
        return Cause.done(meta.attempt)
      }
      const backoff = Math.min(maxDelay, base * factor ** (meta.attempt - 1))
      const retryAfter = failure.reason.retryAfter ? Duration.toMillis(failure.reason.retryAfter) : 0
      return Effect.flatMap(jitter ? Random.nextBetween(0.8, 1.2) : Effect.succeed(1), (scale) => {
        // Never sooner than the upstream asked, never past the budget.
        const delay = Math.max(Math.round(backoff * scale), retryAfter)
        return meta.elapsed + delay > maxElapsed
          ? Cause.done(meta.attempt)
          : Effect.succeed([meta.attempt, Duration.millis(delay)] as [number, Duration.Duration])
      })
    })
  )
}

/**
 * Retries an upstream call only as far as its failure allows: `safe` failures always,
 * `idempotent-only` ones only for idempotent requests, `never` never. Jittered exponential backoff,
 * never sooner than the failure's `retryAfter`, bounded by attempts and total time. The final
 * failure carries `attempts`, the number of times the request was sent.
 *
 * ```ts
 * client.getOrder(id).pipe(retryUpstream({ idempotent: true }))
 * ```
 */
export const retryUpstream =
  (options: RetryUpstreamOptions) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      let attempts = 0
      return Effect.suspend(() => {
        attempts++
        return self
      }).pipe(
        Effect.retry(upstreamSchedule(options)),
        Effect.mapError((error) => withAttempts(error, attempts))
      )
    })
