import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClientError from "effect/http/HttpClientError"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { allowsRetry } from "./RetryPolicy.js"
import { isUpstreamFailure, type UpstreamFailure } from "./UpstreamFailure.js"
import { withAttempts } from "./withAttempts.js"

export interface RetryUpstreamOptions {
  /**
   * Whether sending the request twice is harmless (GET, PUT, DELETE by their nature; never a
   * certificate order). `idempotent-only` failures are retried only when this is `true`.
   */
  readonly idempotent: boolean
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number | undefined
  /**
   * Total time budget, counted from the first attempt: no retry is scheduled whose wait would end
   * past it. An attempt already under way is not cut short (give the call its own timeout).
   * Default 30 seconds.
   */
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

// The schedule behind both exports. `startedAt` (epoch ms) is when the first attempt began, so the
// budget counts the time spent inside attempts too; a bare Schedule only learns of the first failure.
const makeSchedule = (
  options: RetryUpstreamOptions,
  startedAt: number | undefined
): Schedule.Schedule<number, unknown> => {
  const requested = options.maxAttempts ?? 4
  const maxAttempts = Number.isNaN(requested) ? 4 : Math.max(1, Math.floor(requested))
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
      const backoff = base * factor ** (meta.attempt - 1)
      const retryAfter = failure.reason.retryAfter ? Duration.toMillis(failure.reason.retryAfter) : 0
      const elapsed = startedAt !== undefined ? meta.now - startedAt : meta.elapsed
      return Effect.flatMap(jitter ? Random.nextBetween(0.8, 1.2) : Effect.succeed(1), (scale) => {
        // Jitter within maxDelay, never sooner than the upstream asked, never past the budget.
        const delay = Math.max(Math.min(maxDelay, Math.round(backoff * scale)), retryAfter)
        return elapsed + delay > maxElapsed
          ? Cause.done(meta.attempt)
          : Effect.succeed([meta.attempt, Duration.millis(delay)] as [number, Duration.Duration])
      })
    })
  )
}

/**
 * The retry policy of {@link retryUpstream} as an Effect `Schedule` over the failures of a request,
 * for use with `Effect.retry` or `HttpClient.retryTransient({ schedule })`. It stops at the first
 * failure that is not an upstream failure or that its `retry` class forbids for this request. A
 * Schedule only hears of failures, so its time budget starts at the first one; `retryUpstream`
 * counts from the first attempt.
 */
export const upstreamSchedule = (options: RetryUpstreamOptions): Schedule.Schedule<number, unknown> =>
  makeSchedule(options, undefined)

// Only what faultline can classify gets `attempts`; any other error is returned as it is (a copy
// would lose private fields and the internal slots of built-ins such as DOMException).
const annotate = <E>(error: E, attempts: number): E =>
  isUpstreamFailure(error) || HttpClientError.isHttpClientError(error) ? withAttempts(error, attempts) : error

/**
 * Retries an upstream call only as far as its failure allows: `safe` failures always,
 * `idempotent-only` ones only for idempotent requests, `never` never. Jittered exponential backoff,
 * never sooner than the failure's `retryAfter`, bounded by attempts and by the total time since the
 * first attempt began. The final failure carries `attempts`, the number of times the request was sent.
 *
 * ```ts
 * client.getOrder(id).pipe(retryUpstream({ idempotent: true }))
 * ```
 */
export const retryUpstream =
  (options: RetryUpstreamOptions) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
      let attempts = 0
      return Effect.suspend(() => {
        attempts++
        return self
      }).pipe(
        Effect.retry(makeSchedule(options, startedAt)),
        Effect.mapError((error) => annotate(error, attempts))
      )
    })
