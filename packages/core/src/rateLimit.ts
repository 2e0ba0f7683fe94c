import { createHash } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { RateLimiterUnavailable } from "./LimiterReason.js"
import * as RollingWindowLimiterModule from "./RollingWindowLimiter.js"
import type { PermitOptions, RollingWindowLimiter } from "./RollingWindowLimiter.js"
import type { RollingWindow } from "./RollingWindowStore.js"
import { UpstreamError } from "./UpstreamError.js"
import { type Checked, invalid } from "./validateOptions.js"

/** One rolling window of an upstream's rate limit: at most `limit` requests in any `window`. */
export interface RateLimitWindow {
  /** A positive integer. */
  readonly limit: number
  /** A positive, finite duration. */
  readonly window: Duration.Input
}

/**
 * A limiter key per credential that does not reveal it: the limiter's own errors and stores (Redis)
 * carry the key, so it is the vendor and a short hash, never the secret. Every replica using the
 * same credential computes the same key, so a shared store (Redis) gives them one budget.
 */
export const limiterKey = (vendor: string, credential: Redacted.Redacted<string>): string =>
  `${vendor}:${createHash("sha256").update(Redacted.value(credential)).digest("hex").slice(0, 16)}`

/**
 * The rolling window of an option, or `undefined` when it is not usable (limit not a positive
 * integer, window not a positive finite duration).
 */
export const rollingWindow = (window: RateLimitWindow): RollingWindow | undefined => {
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
  return { limit, windowMillis }
}

/**
 * Runs one attempt under the rolling windows of `key` (nothing when there are none). A store that
 * cannot be reached fails the attempt closed with {@link RateLimiterUnavailable} (not sent, so safe
 * to retry), never an unthrottled send that could cost every replica a 429.
 */
export const limitAttempt =
  (limiter: RollingWindowLimiter["Service"], permit: PermitOptions & { readonly vendor: string }) =>
  <A, E, R>(attempt: Effect.Effect<A, E, R>): Effect.Effect<A, E | UpstreamError, R> =>
    permit.windows.length === 0
      ? attempt
      : Effect.catchTag(limiter.withPermit(permit)(attempt), "RollingWindowStoreError", () =>
          Effect.fail(
            new UpstreamError({
              reason: new RateLimiterUnavailable({ vendor: permit.vendor, retryAfter: Duration.seconds(1) })
            })
          )
        )

/**
 * Checks a client's `rateLimit` option: `false` (off) or a list of windows, each usable; the windows,
 * or an {@link InvalidOptionError} naming the window at fault.
 */
export const validateRateLimit = (
  module: string,
  option: string,
  input: false | ReadonlyArray<RateLimitWindow> | undefined,
  fallback: ReadonlyArray<RateLimitWindow>
): Checked<ReadonlyArray<RollingWindow>> => {
  const windows: unknown = input === false ? [] : (input ?? fallback)
  if (!Array.isArray(windows)) return invalid(module, option, "must be false or a list of { limit, window }")
  const checked: Array<RollingWindow> = []
  for (const [i, w] of (windows as ReadonlyArray<RateLimitWindow>).entries()) {
    const window = rollingWindow(w)
    if (window === undefined) {
      return invalid(
        module,
        `${option}[${i}]`,
        "must have a positive integer limit and a positive finite window"
      )
    }
    checked.push(window)
  }
  return Result.succeed(checked)
}

/**
 * The in-memory limiter of the default layers. Every build of a layer that includes it has its own
 * log: provide the client once at the app's edge, or share a store across replicas (Redis).
 */
export const layerMemoryLimiter: Layer.Layer<RollingWindowLimiter> = RollingWindowLimiterModule.layerMemory
