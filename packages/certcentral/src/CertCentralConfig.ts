import type { RetryOptions } from "@faultline/core"
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
import type { InvalidOptionError } from "@faultline/core"

/** How the `CertCentral` client reaches DigiCert. Every option is checked when the layer is built. */
export interface CertCentralOptions {
  /** The API key, sent as `X-DC-DEVKEY`; kept `Redacted` until written, never logged or traced. */
  readonly apiKey: Redacted.Redacted<string>
  /**
   * An absolute `http:` or `https:` URL without credentials, query or fragment; no request ever
   * leaves it. Default {@link certCentralDefaults}`.baseUrl`.
   */
  readonly baseUrl?: string | URL | undefined
  /**
   * Client-side rate limiting per API key, as rolling windows. Default DigiCert's documented
   * limits (100 requests / 5 s and 1000 / 3 min); `false` turns it off.
   */
  readonly rateLimit?: false | ReadonlyArray<RateLimitWindow> | undefined
  /** Retry of failed calls, as far as each failure allows (core's `retryUpstream`); `false`: never. */
  readonly retry?: false | RetryOptions | undefined
  /** One attempt, from sending to the last byte of the body; the limiter's wait is not counted. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The response body cap (bytes): reading stops and the attempt fails past it. Default 8 MiB. */
  readonly maxResponseBytes?: number | undefined
  /**
   * How `submitOrder` settles an order whose answer was lost (timeout, reset, 5xx after sending):
   * it looks for the order before anything is sent again. `false` turns it off: the call then
   * fails with what happened and nothing is resent.
   */
  readonly reconcile?: false | ReconcileOptions | undefined
}

/** How an order whose answer was lost is looked for. */
export interface ReconcileOptions {
  /** Wait after the lost answer before looking, so an order still in flight lands. Default 10 s. */
  readonly settle?: Duration.Input | undefined
  /** How much older than the attempt an order may be dated (the clocks' skew). Default 5 minutes. */
  readonly skew?: Duration.Input | undefined
  /** The most recent orders of the name listed per look (1 to 1000). Default 100. */
  readonly maxCandidates?: number | undefined
  /**
   * The account's custom field (its `metadata_id`) that carries a caller's `reference`: the order
   * keeps it and order info returns it, so reconciliation matches it first.
   */
  readonly referenceField?: number | undefined
}

/** {@link ReconcileOptions} checked, with every default filled in. */
export interface ResolvedReconcileOptions {
  readonly settle: Duration.Duration
  readonly skew: Duration.Duration
  readonly maxCandidates: number
  readonly referenceField: number | undefined
}

/** The defaults of every optional option. */
export const certCentralDefaults = {
  baseUrl: "https://www.digicert.com/services/v2/",
  /** DigiCert's documented limits: 100 requests per 5 seconds and 1000 per 3 minutes, per key. */
  rateLimit: [
    { limit: 100, window: "5 seconds" },
    { limit: 1000, window: "3 minutes" }
  ] as ReadonlyArray<RateLimitWindow>,
  timeout: "30 seconds",
  maxResponseBytes: upstreamBounds.maxResponseBytes,
  reconcile: { settle: "10 seconds", skew: "5 minutes", maxCandidates: 100 }
} as const

/**
 * The default reading of the environment, for `CertCentral.layerConfig`: `CERTCENTRAL_API_KEY`
 * (required, redacted) and `CERTCENTRAL_BASE_URL` (optional). Other options keep their defaults;
 * pass your own `Config.Wrap<CertCentralOptions>` to read more.
 */
export const certCentralConfigFromEnv: Config.Wrap<CertCentralOptions> = {
  apiKey: Config.Redacted("CERTCENTRAL_API_KEY"),
  baseUrl: Config.String("CERTCENTRAL_BASE_URL").pipe(Config.withDefault(certCentralDefaults.baseUrl))
}

/** {@link CertCentralOptions} checked, with every default filled in. */
export interface ResolvedCertCentralOptions {
  readonly apiKey: Redacted.Redacted<string>
  /** Ends in `/`: every request path resolves below it. */
  readonly baseUrl: URL
  readonly rateLimit: ReadonlyArray<WindowBucket>
  readonly retry: ResolvedRetryOptions
  readonly timeout: Duration.Duration
  readonly maxResponseBytes: number
  readonly reconcile: ResolvedReconcileOptions | false
}

const module = "@faultline/certcentral"

const reconcileOptions = (
  input: false | ReconcileOptions | undefined
): Result.Result<ResolvedReconcileOptions | false, InvalidOptionError> => {
  if (input === false) return Result.succeed(false)
  const o: unknown = input ?? {}
  if (typeof o !== "object" || o === null) return invalid(module, "reconcile", "must be false or an object")
  const options = o as ReconcileOptions
  return Result.flatMap(
    knownOptions(module, options, ["settle", "skew", "maxCandidates", "referenceField"]),
    () =>
      allOptions({
        settle: nonNegativeDuration(
          module,
          "reconcile.settle",
          options.settle,
          certCentralDefaults.reconcile.settle
        ),
        skew: nonNegativeDuration(module, "reconcile.skew", options.skew, certCentralDefaults.reconcile.skew),
        maxCandidates: integerIn(
          module,
          "reconcile.maxCandidates",
          options.maxCandidates,
          certCentralDefaults.reconcile.maxCandidates,
          1,
          1000
        ),
        referenceField:
          options.referenceField === undefined
            ? Result.succeed(undefined)
            : integerIn(
                module,
                "reconcile.referenceField",
                options.referenceField,
                0,
                1,
                Number.MAX_SAFE_INTEGER
              )
      })
  )
}

/**
 * Checks the options once, when the client is built: an {@link InvalidOptionError} naming the first
 * option at fault (an unknown option name included, so a typo is not silently ignored).
 */
export const validateCertCentralOptions = (
  options: CertCentralOptions
): Effect.Effect<ResolvedCertCentralOptions, InvalidOptionError> =>
  Effect.fromResult(
    Result.flatMap(
      knownOptions(module, options, [
        "apiKey",
        "baseUrl",
        "rateLimit",
        "retry",
        "timeout",
        "maxResponseBytes",
        "reconcile"
      ]),
      () =>
        allOptions({
          apiKey: secret(module, "apiKey", options.apiKey),
          baseUrl: baseUrl(module, "baseUrl", options.baseUrl, certCentralDefaults.baseUrl),
          rateLimit: validateRateLimit(module, "rateLimit", options.rateLimit, certCentralDefaults.rateLimit),
          retry: validateRetryOptions(module, "retry", options.retry),
          timeout: positiveDuration(module, "timeout", options.timeout, certCentralDefaults.timeout),
          maxResponseBytes: integerIn(
            module,
            "maxResponseBytes",
            options.maxResponseBytes,
            certCentralDefaults.maxResponseBytes,
            1024,
            1024 * 1024 * 1024
          ),
          reconcile: reconcileOptions(options.reconcile)
        })
    )
  )
