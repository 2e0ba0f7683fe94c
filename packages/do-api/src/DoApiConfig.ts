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
  /** Signature validity after signing (`x-iijapi-Expire`). Default 5 minutes. */
  readonly expiresIn?: Duration.Input | undefined
  /**
   * How long one attempt may take, response body included; then it fails with core's
   * `UpstreamTimeout` (retried only for idempotent calls). Default 30 seconds.
   */
  readonly timeout?: Duration.Input | undefined
  /** Backoff for RequestRunning, Timeout, SystemError and transport faults (core `retryUpstream`). */
  readonly retry?: Omit<RetryUpstreamOptions, "idempotent" | "while"> | undefined
}

/**
 * Reads the config from Effect `Config`: `DOAPI_BASE_URL` (optional), `DOAPI_SERVICE_CODE`
 * (optional), `DOAPI_ACCESS_KEY` and `DOAPI_SECRET_KEY` (both redacted).
 */
export const doApiConfig: Config.Config<DoApiConfig> = Config.all({
  baseUrl: Config.String("DOAPI_BASE_URL").pipe(Config.withDefault(defaultBaseUrl)),
  serviceCode: Config.String("DOAPI_SERVICE_CODE").pipe(Config.withDefault<string | undefined>(undefined)),
  accessKey: Config.Redacted("DOAPI_ACCESS_KEY"),
  secretKey: Config.Redacted("DOAPI_SECRET_KEY")
})
