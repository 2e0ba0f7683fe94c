import type { RetryUpstreamOptions } from "@faultline/core"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import type * as Redacted from "effect/Redacted"

export const defaultBaseUrl = "https://do.api.iij.jp"

/** How the `DoApi` client reaches DO-API. Keys stay `Redacted` and are never logged. */
export interface DoApiConfig {
  /** Default `https://do.api.iij.jp`. */
  readonly baseUrl?: string | undefined
  /** The DO service code (`do0000000`); a call may pass its own instead. */
  readonly serviceCode?: string | undefined
  readonly accessKey: Redacted.Redacted<string>
  readonly secretKey: Redacted.Redacted<string>
  /**
   * Signature validity after signing (`x-iijapi-Expire`). Default 5 minutes. Must be a positive,
   * finite duration, else every call fails with `InvalidRequest` `InvalidExpiresIn`.
   */
  readonly expiresIn?: Duration.Input | undefined
  /**
   * How long one attempt may take, response body included; then it fails with core's
   * `UpstreamTimeout` (retried only for idempotent calls). Default 30 seconds. Must be positive,
   * else every call fails with `InvalidRequest` `InvalidTimeout`.
   */
  readonly timeout?: Duration.Input | undefined
  /**
   * Backoff for RequestRunning, Timeout, SystemError, Unrecognized and transport faults (core
   * `retryUpstream`). `maxElapsed` bounds when the last retry may start, so a call takes at most
   * about `maxElapsed` + one `timeout`. Durations that are not durations (or are negative) make
   * every call fail with `InvalidRequest` `InvalidRetryOptions`.
   */
  readonly retry?: Omit<RetryUpstreamOptions, "idempotent" | "while"> | undefined
}

/**
 * Reads the config from Effect `Config`: `DOAPI_BASE_URL` (optional), `DOAPI_SERVICE_CODE`
 * (optional), `DOAPI_ACCESS_KEY` and `DOAPI_SECRET_KEY` (both redacted). Nothing else: add
 * `timeout`, `expiresIn` or `retry` with `Config.map` when you need them.
 */
export const doApiConfig: Config.Config<DoApiConfig> = Config.all({
  baseUrl: Config.String("DOAPI_BASE_URL").pipe(Config.withDefault(defaultBaseUrl)),
  serviceCode: Config.String("DOAPI_SERVICE_CODE").pipe(Config.withDefault<string | undefined>(undefined)),
  accessKey: Config.Redacted("DOAPI_ACCESS_KEY"),
  secretKey: Config.Redacted("DOAPI_SECRET_KEY")
})
