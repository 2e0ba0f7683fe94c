import type { RetryUpstreamOptions } from "@faultline/core"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"

/** One rolling window of CertCentral's rate limit: at most `limit` requests in any `window`. */
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

/** How the `CertCentral` client reaches DigiCert. */
export interface CertCentralConfig {
  /** The API key, sent as `X-DC-DEVKEY`; kept `Redacted`, never logged or put in an error. */
  readonly apiKey: Redacted.Redacted<string>
  /**
   * An absolute `http:` or `https:` URL; `request()` never sends the key outside it. Default
   * {@link defaultBaseUrl}.
   */
  readonly baseUrl?: string | URL | undefined
  /**
   * Client-side rate limiting per API key. Default {@link documentedRateLimits}; `false` turns it off
   * (e.g. when a gateway in front already limits).
   */
  readonly rateLimit?: false | ReadonlyArray<RateLimitWindow> | undefined
  /** `retryUpstream` options (idempotency comes from each call); `false` sends every request once. */
  readonly retry?: false | Omit<RetryUpstreamOptions, "idempotent"> | undefined
  /**
   * Per attempt, for the whole exchange (sending, the response's headers and body, decoding); the
   * rate limiter's wait is not counted. A timed-out order is never repeated. Default 30 seconds.
   */
  readonly timeout?: Duration.Input | undefined
}

export const defaultBaseUrl = "https://www.digicert.com/services/v2/"

/** DigiCert's documented limits: 100 requests per 5 seconds and 1000 per 3 minutes, per key. */
export const documentedRateLimits: ReadonlyArray<RateLimitWindow> = [
  { limit: 100, window: "5 seconds" },
  { limit: 1000, window: "3 minutes" }
]

/**
 * Reads the API key and base URL from Effect `Config`: `CERTCENTRAL_API_KEY` (required, redacted)
 * and `CERTCENTRAL_BASE_URL` (default {@link defaultBaseUrl}).
 */
export const certCentralConfig: Config.Config<{
  readonly apiKey: Redacted.Redacted<string>
  readonly baseUrl: string
}> = Config.all({
  apiKey: Config.Redacted("CERTCENTRAL_API_KEY"),
  baseUrl: Config.String("CERTCENTRAL_BASE_URL").pipe(Config.withDefault(defaultBaseUrl))
})
