import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClientError from "effect/http/HttpClientError"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import { findUpstreamFailure } from "./findUpstreamFailure.js"
import { type ResolvedRetryOptions, type RetryOptions, validateRetryOptions } from "./RetryOptions.js"
import { allowsRetry } from "./RetryPolicy.js"
import { isUpstreamFailure, type UpstreamFailure } from "./UpstreamFailure.js"
import { withAttempts } from "./withAttempts.js"

export interface RetryUpstreamOptions extends RetryOptions {
  /**
   * Whether sending the request twice is harmless (GET, PUT, DELETE by their nature; never a
   * certificate order). `idempotent-only` failures are retried only when this is `true`.
   */
  readonly idempotent: boolean
  /** A further condition, e.g. to stop on a specific reason. */
  readonly while?: ((failure: UpstreamFailure) => boolean) | undefined
}

/**
 * How many more requests the enclosing `retryUpstream` allows. A nested `retryUpstream` (a client's
 * own retry inside an app's) sends no more than that, so nesting never multiplies the load: the
 * requests of one call stay within the outermost policy's `maxAttempts`.
 */
export const RetryAllowance = Context.Reference<number>("@faultline/core/RetryAllowance", {
  defaultValue: () => Number.POSITIVE_INFINITY
})

// How many requests a failed attempt sent: a failure that a nested retry already retried says so.
const sentBy = (error: unknown): number => {
  const attempts = isUpstreamFailure(error) ? error.attempts : undefined
  return typeof attempts === "number" && Number.isSafeInteger(attempts) && attempts > 0 ? attempts : 1
}

const retryAfterMillis = (error: unknown): number => {
  // A client's schedule sees its failures already typed: no search through causes for them.
  const retryAfter = (isUpstreamFailure(error) ? error : findUpstreamFailure(error))?.reason.retryAfter
  return retryAfter !== undefined ? Duration.toMillis(retryAfter) : 0
}

// Schedule.jittered spreads a delay over 80% to 120% of it.
const jitterHigh = 1.2

/**
 * The backoff of {@link retryUpstream} as an Effect `Schedule` over a request's failures: exponential
 * delays capped, then jittered, so they stay within `maxDelay`; never sooner than the failure's
 * `retryAfter`; no wait that would end past `maxElapsed` since `startedAt` (epoch ms; default: the
 * first failure). It decides only *when*; *whether* a failure may be retried is {@link retryUpstream}'s
 * `while`. For use with `Effect.retry` or `HttpClient.retryTransient({ schedule })` over
 * already-classified failures.
 *
 * The cap comes before the jitter: capped after, every long delay would be exactly `maxDelay` and
 * replicas that failed together would retry together. With jitter on, the cap is `maxDelay / 1.2`,
 * so a capped delay lands anywhere from two thirds of `maxDelay` to `maxDelay`.
 */
export const upstreamBackoff = (
  options: ResolvedRetryOptions,
  startedAt?: number
): Schedule.Schedule<Duration.Duration, unknown> => {
  const maxElapsed = Duration.toMillis(options.maxElapsed)
  const cap = Duration.toMillis(options.maxDelay) / (options.jitter ? jitterHigh : 1)
  const capped = Schedule.exponential(options.baseDelay, options.factor).pipe(
    Schedule.modifyDelay(({ duration }) =>
      Effect.succeed(Duration.millis(Math.min(Duration.toMillis(duration), cap)))
    )
  )
  return (options.jitter ? Schedule.jittered(capped) : capped).pipe(
    // Never sooner than the upstream asked (its Retry-After beats our cap).
    Schedule.modifyDelay(({ duration, input }) =>
      Effect.succeed(
        Duration.millis(Math.max(Math.round(Duration.toMillis(duration)), retryAfterMillis(input)))
      )
    ),
    Schedule.while(
      ({ now, start, duration }) => now - (startedAt ?? start) + Duration.toMillis(duration) <= maxElapsed
    )
  )
}

/**
 * {@link retryUpstream}'s options checked, or a `TypeError`-like `InvalidOptionError` thrown when the
 * combinator is built (helmet-style: a typo fails where it is written, not on the first failure).
 */
const resolve = (options: RetryUpstreamOptions): ResolvedRetryOptions => {
  const checked = validateRetryOptions("@faultline/core", "retryUpstream", options)
  if (Result.isFailure(checked)) throw checked.failure
  return checked.success
}

/**
 * Retries an upstream call only as far as its failure allows: `safe` failures always,
 * `idempotent-only` ones only for idempotent requests, `never` never. Jittered exponential backoff,
 * never sooner than the failure's `retryAfter`, bounded by attempts and by the total time since the
 * first attempt began. The final failure carries `attempts`, the number of requests really sent.
 *
 * Nested retries compose: a client that retries by itself reports the requests it sent, and runs
 * inside this retry with only the attempts this one still allows, so an app wrapping a client call
 * never sends more than its own `maxAttempts` (or the client's, when that is larger and alone).
 * Invalid options throw an `InvalidOptionError` when `retryUpstream(options)` is called.
 *
 * ```ts
 * client.getOrder(id).pipe(retryUpstream({ idempotent: true }))
 * ```
 */
export const retryUpstream = (options: RetryUpstreamOptions) => retryResolved(resolve(options), options)

/** How a retry over options already checked is told about the call it runs. */
export interface RetryControl extends Pick<RetryUpstreamOptions, "idempotent" | "while"> {
  /**
   * The failure an error stands for. Default `findUpstreamFailure` (an app's errors may be anything);
   * a client whose errors are its typed failures passes them as they are, searched no further.
   */
  readonly classify?: ((error: unknown) => UpstreamFailure | undefined) | undefined
  /**
   * A failure that says the request was not processed and will pass when sent again at once (an
   * expired signature): it is resent once, with no backoff and whatever the limit; both sends count.
   */
  readonly resendOnce?: ((failure: UpstreamFailure) => boolean) | undefined
  /** Told the number of requests sent once the call is over, success or failure (e.g. for a span). */
  readonly onSent?: ((sent: number) => Effect.Effect<void>) | undefined
}

/**
 * {@link retryUpstream} over options already checked (a client's, resolved when it was built), so a
 * call does not validate them again. The requests sent are counted here only, and written once: on
 * the final failure's `attempts` and to `onSent`.
 */
export const retryResolved = (resolved: ResolvedRetryOptions, options: RetryControl) => {
  const classify = options.classify ?? findUpstreamFailure
  const resendOnce = options.resendOnce
  return <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function* () {
      const startedAt = yield* Clock.currentTimeMillis
      const limit = Math.min(resolved.maxAttempts, yield* RetryAllowance)
      let sent = 0
      const once = Effect.suspend(() => Effect.provideService(self, RetryAllowance, limit - sent)).pipe(
        Effect.tapError((error) => Effect.sync(() => (sent += sentBy(error))))
      )
      const attempt =
        resendOnce === undefined
          ? once
          : Effect.catchIf(
              once,
              (error) => {
                const failure = classify(error)
                return failure !== undefined && resendOnce(failure)
              },
              () => once
            )
      const mayRetry = (error: unknown): boolean => {
        const failure = classify(error)
        return (
          failure !== undefined &&
          sent < limit &&
          allowsRetry(failure.reason.retry, options.idempotent) &&
          (options.while === undefined || options.while(failure))
        )
      }
      return yield* attempt.pipe(
        Effect.retry(
          upstreamBackoff(resolved, startedAt).pipe(Schedule.while(({ input }) => mayRetry(input)))
        ),
        // Only what faultline can classify gets `attempts`; any other error is returned as it is (a
        // copy would lose private fields and the internal slots of built-ins such as DOMException).
        Effect.mapError((error) =>
          isUpstreamFailure(error) || HttpClientError.isHttpClientError(error)
            ? withAttempts(error, sent)
            : error
        ),
        // A success is one more request than the failures before it.
        Effect.onExit((exit) =>
          options.onSent !== undefined ? options.onSent(Exit.isSuccess(exit) ? sent + 1 : sent) : Effect.void
        )
      )
    })
}
