import { createHash } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type { RateLimitWindow } from "./CertCentralConfig.js"

/**
 * A limiter key per API key that does not reveal it: the limiter's own errors and stores (Redis)
 * carry the key, so it is a short hash, never the secret.
 */
export const limiterKey = (apiKey: Redacted.Redacted<string>): string =>
  `certcentral:${createHash("sha256").update(Redacted.value(apiKey)).digest("hex").slice(0, 16)}`

/**
 * Waits until every window has room for one more request (DigiCert's windows are rolling, so a burst
 * is spread rather than refused). Each window is counted under its own key.
 */
export const throttle = (
  limiter: RateLimiter.RateLimiter,
  key: string,
  windows: ReadonlyArray<RateLimitWindow>
): Effect.Effect<void, RateLimiter.RateLimiterError> =>
  Effect.gen(function* () {
    let wait = Duration.zero
    for (const w of windows) {
      const result = yield* limiter.consume({
        key: `${key}:${w.limit}/${Duration.toMillis(Duration.fromInputUnsafe(w.window))}`,
        limit: w.limit,
        window: w.window,
        onExceeded: "delay"
      })
      wait = Duration.max(wait, result.delay)
    }
    if (!Duration.isZero(wait)) yield* Effect.sleep(wait)
  })

/** The in-memory limiter of the default layer; provide your own (e.g. a Redis store) to share one. */
export const layerMemoryLimiter: Layer.Layer<RateLimiter.RateLimiter> = Layer.provide(
  RateLimiter.layer,
  RateLimiter.layerStoreMemory
)
