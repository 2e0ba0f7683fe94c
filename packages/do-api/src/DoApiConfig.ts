import type { InvalidOptionError, RetryOptions } from "@faultline/core"
import {
  allOptions,
  baseUrl,
  integerIn,
  invalid,
  knownOptions,
  nonNegativeDuration,
  positiveDuration,
  type RateLimitWindow,
  type ResolvedRetryOptions,
  secret,
  upstreamBounds,
  validateRateLimit,
  validateRetryOptions,
  type WindowBucket
} from "@faultline/core/vendor"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"

/** How the `DoApi` client reaches DO-API. Every option is checked when the layer is built. */
export interface DoApiOptions {
  /** The access key of the `Authorization: IIJAPI <AccessKey>:<Signature>` header; kept `Redacted`. */
  readonly accessKey: Redacted.Redacted<string>
  /** The secret key the requests are signed with; kept `Redacted`, never sent, logged or traced. */
  readonly secretKey: Redacted.Redacted<string>
  /** The DO service code (`do0000000`); a call may pass its own instead. */
  readonly serviceCode?: string | undefined
  /**
   * An absolute `http:` or `https:` URL without credentials, query or fragment; no request ever
   * leaves it. Default {@link doApiDefaults}`.baseUrl`.
   */
  readonly baseUrl?: string | URL | undefined
  /**
   * Client-side rate limiting per access key, as rolling windows. IIJ documents no limit, so the
   * default is `false` (off); set windows to stay within a budget of your own.
   */
  readonly rateLimit?: false | ReadonlyArray<RateLimitWindow> | undefined
  /** Retry of failed calls, as far as each failure allows (core's `retryUpstream`); `false`: never. */
  readonly retry?: false | RetryOptions | undefined
  /** One attempt, from sending to the last byte of the body; the limiter's wait is not counted. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The response body cap (bytes): reading stops and the attempt fails past it. Default 8 MiB. */
  readonly maxResponseBytes?: number | undefined
  /** Signature validity after signing (`x-iijapi-Expire`): a positive, finite duration. Default 5 minutes. */
  readonly expiresIn?: Duration.Input | undefined
  /**
   * How `addRecord` and `commit` (given its `zone`) settle a change whose answer was lost (timeout,
   * reset, 5xx after sending): they read the zone's records before anything is sent again. `false`
   * turns it off: the call then fails with what happened and nothing is resent.
   */
  readonly reconcile?: false | { readonly settle?: Duration.Input | undefined } | undefined
}

/** The defaults of every optional option. */
export const doApiDefaults = {
  baseUrl: "https://do.api.iij.jp/",
  rateLimit: false,
  timeout: "30 seconds",
  maxResponseBytes: upstreamBounds.maxResponseBytes,
  expiresIn: "5 minutes",
  reconcile: { settle: "10 seconds" }
} as const

/**
 * The default reading of the environment, for `DoApi.layerConfig`: `DOAPI_ACCESS_KEY` and
 * `DOAPI_SECRET_KEY` (required, redacted), `DOAPI_SERVICE_CODE` and `DOAPI_BASE_URL` (optional).
 * Other options keep their defaults; pass your own `Config.Wrap<DoApiOptions>` to read more.
 */
export const doApiConfigFromEnv: Config.Wrap<DoApiOptions> = {
  accessKey: Config.Redacted("DOAPI_ACCESS_KEY"),
  secretKey: Config.Redacted("DOAPI_SECRET_KEY"),
  serviceCode: Config.String("DOAPI_SERVICE_CODE").pipe(Config.withDefault<string | undefined>(undefined)),
  baseUrl: Config.String("DOAPI_BASE_URL").pipe(Config.withDefault(doApiDefaults.baseUrl))
}

/** {@link DoApiOptions} checked, with every default filled in. */
export interface ResolvedDoApiOptions {
  readonly accessKey: Redacted.Redacted<string>
  readonly secretKey: Redacted.Redacted<string>
  readonly serviceCode: string | undefined
  /** Ends in `/`: every request path resolves below it. */
  readonly baseUrl: URL
  readonly rateLimit: ReadonlyArray<WindowBucket>
  readonly retry: ResolvedRetryOptions
  readonly timeout: Duration.Duration
  readonly maxResponseBytes: number
  readonly expiresIn: Duration.Duration
  readonly reconcile: { readonly settle: Duration.Duration } | false
}

const module = "@faultline/do-api"

const reconcileOptions = (
  input: DoApiOptions["reconcile"]
): Result.Result<{ readonly settle: Duration.Duration } | false, InvalidOptionError> => {
  if (input === false) return Result.succeed(false)
  const o: unknown = input ?? {}
  if (typeof o !== "object" || o === null) return invalid(module, "reconcile", "must be false or an object")
  const options = o as { readonly settle?: Duration.Input }
  return Result.flatMap(knownOptions(module, options, ["settle"]), () =>
    allOptions({
      settle: nonNegativeDuration(module, "reconcile.settle", options.settle, doApiDefaults.reconcile.settle)
    })
  )
}

// A service code is a path segment of every request: a plain token, never `/`, `..` or `?`.
const serviceCode = (input: unknown): Result.Result<string | undefined, InvalidOptionError> =>
  input === undefined || (typeof input === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(input))
    ? Result.succeed(input)
    : invalid(module, "serviceCode", "must be a DO service code such as do0000000")

/**
 * Checks the options once, when the client is built: an {@link InvalidOptionError} naming the first
 * option at fault (an unknown option name included, so a typo is not silently ignored).
 */
export const validateDoApiOptions = (
  options: DoApiOptions
): Effect.Effect<ResolvedDoApiOptions, InvalidOptionError> =>
  Effect.fromResult(
    Result.flatMap(
      knownOptions(module, options, [
        "accessKey",
        "secretKey",
        "serviceCode",
        "baseUrl",
        "rateLimit",
        "retry",
        "timeout",
        "maxResponseBytes",
        "expiresIn",
        "reconcile"
      ]),
      () =>
        allOptions({
          accessKey: secret(module, "accessKey", options.accessKey),
          secretKey: secret(module, "secretKey", options.secretKey),
          serviceCode: serviceCode(options.serviceCode),
          baseUrl: baseUrl(module, "baseUrl", options.baseUrl, doApiDefaults.baseUrl),
          rateLimit: validateRateLimit(module, "rateLimit", options.rateLimit, []),
          retry: validateRetryOptions(module, "retry", options.retry),
          timeout: positiveDuration(module, "timeout", options.timeout, doApiDefaults.timeout),
          maxResponseBytes: integerIn(
            module,
            "maxResponseBytes",
            options.maxResponseBytes,
            doApiDefaults.maxResponseBytes,
            1024,
            1024 * 1024 * 1024
          ),
          expiresIn: positiveDuration(module, "expiresIn", options.expiresIn, doApiDefaults.expiresIn),
          reconcile: reconcileOptions(options.reconcile)
        })
    )
  )
