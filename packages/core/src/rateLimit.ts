import { createHash } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { type Checked, invalid } from "./validateOptions.js"

/** One rolling window of an upstream's rate limit: at most `limit` requests in any `window`. */
export interface RateLimitWindow {
  /** A positive integer. */
  readonly limit: number
  /** A positive, finite duration. */
  readonly window: Duration.Input
  /**
   * Requests sent at once after a quiet period (an integer from 1 to `limit`); the rest are spaced
   * evenly so the window still holds. Default `max(1, floor(limit / 10))`.
   */
  readonly burst?: number | undefined
}

/**
 * A limiter key per credential that does not reveal it: the limiter's own errors and stores (Redis)
 * carry the key, so it is the vendor and a short hash, never the secret. Every replica using the
 * same credential computes the same key, so a shared store (Redis) gives them one budget.
 */
export const limiterKey = (vendor: string, credential: Redacted.Redacted<string>): string =>
  `${vendor}:${createHash("sha256").update(Redacted.value(credential)).digest("hex").slice(0, 16)}`

/** The token bucket that holds one rolling window: `burst` at once, then one send every `interval`. */
export interface WindowBucket {
  /** The rolling window's allowance: at most this many sends in any `windowMillis`. */
  readonly limit: number
  readonly windowMillis: number
  /** Sends allowed at once after an idle period (the bucket's capacity). */
  readonly burst: number
  /** Milliseconds between two sends once the burst is spent (the bucket's refill rate). */
  readonly intervalMillis: number
}

/**
 * Derives the token bucket for a rolling window, or `undefined` when the window is not usable
 * (limit not a positive integer, window not a positive finite duration, burst outside 1..limit).
 *
 * A token bucket of capacity `c` refilled every `T` ms lets through at most `c + floor(d / T)`
 * sends in any span of `d` ms. With `T = floor(W / (L - c)) + 1`, `W / T < L - c`, so any rolling
 * window of `W` ms sees fewer than `L` sends, however the requests arrive. (Effect's fixed window
 * resets at boundaries and lets almost `2L` through around one.)
 */
export const windowBucket = (window: RateLimitWindow): WindowBucket | undefined => {
  if (typeof window !== "object" || window === null) return undefined
  const limit = window.limit
  if (!Number.isSafeInteger(limit) || limit < 1) return undefined
  let duration: Duration.Duration | undefined
  try {
    duration = Option.getOrUndefined(Duration.fromInput(window.window))
  } catch {
    duration = undefined
  }
  if (duration === undefined || !Duration.isFinite(duration)) return undefined
  const windowMillis = Math.ceil(Duration.toMillis(duration))
  if (!(windowMillis >= 1)) return undefined
  const burst = window.burst ?? Math.max(1, Math.floor(limit / 10))
  if (!Number.isSafeInteger(burst) || burst < 1 || burst > limit) return undefined
  const intervalMillis = Math.floor(windowMillis / Math.max(1, limit - burst)) + 1
  return { limit, windowMillis, burst, intervalMillis }
}

/**
 * Waits until every window's bucket has a token for one more request. Each window has its own key
 * (its numbers are part of it, so a changed configuration never reuses a bucket of other numbers);
 * the tokens of all windows are taken first, then the longest wait is slept.
 */
export const throttle = (
  limiter: RateLimiter.RateLimiter,
  key: string,
  buckets: ReadonlyArray<WindowBucket>
): Effect.Effect<void, RateLimiter.RateLimiterError> =>
  Effect.gen(function* () {
    let wait = Duration.zero
    for (const b of buckets) {
      const result = yield* limiter.consume({
        key: `${key}:${b.limit}/${b.windowMillis}ms/${b.burst}`,
        algorithm: "token-bucket",
        limit: b.burst,
        // Effect's refill interval is window / limit: one token every `intervalMillis`.
        window: Duration.millis(b.burst * b.intervalMillis),
        onExceeded: "delay"
      })
      wait = Duration.max(wait, result.delay)
    }
    if (!Duration.isZero(wait)) yield* Effect.sleep(wait)
  })

/**
 * Checks a client's `rateLimit` option: `false` (off) or a list of windows, each usable; the windows'
 * buckets, or an {@link InvalidOptionError} naming the window at fault.
 */
export const validateRateLimit = (
  module: string,
  option: string,
  input: false | ReadonlyArray<RateLimitWindow> | undefined,
  fallback: ReadonlyArray<RateLimitWindow>
): Checked<ReadonlyArray<WindowBucket>> => {
  const windows: unknown = input === false ? [] : (input ?? fallback)
  if (!Array.isArray(windows))
    return invalid(module, option, "must be false or a list of { limit, window, burst? }")
  const buckets: Array<WindowBucket> = []
  for (const [i, w] of (windows as ReadonlyArray<RateLimitWindow>).entries()) {
    const bucket = windowBucket(w)
    if (bucket === undefined) {
      return invalid(
        module,
        `${option}[${i}]`,
        "must have a positive integer limit, a positive finite window and a burst from 1 to limit"
      )
    }
    buckets.push(bucket)
  }
  return Result.succeed(buckets)
}

/**
 * The in-memory limiter of the default layer. Every build of a layer that includes it has its own
 * buckets: provide the client once at the app's edge, or provide a shared store (e.g. Redis).
 */
export const layerMemoryLimiter: Layer.Layer<RateLimiter.RateLimiter> = Layer.provide(
  RateLimiter.layer,
  RateLimiter.layerStoreMemory
)
