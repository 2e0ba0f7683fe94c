import type { InvalidOptionError } from "@faultline/core"
import {
  commonDefaults,
  integerIn,
  nonNegativeDuration,
  type RateLimitWindow,
  type ReconcileOptions as CommonReconcileOptions,
  type ResolvedVendorOptions,
  secret,
  type VendorOptions,
  validateVendorOptions
} from "@faultline/core/vendor"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"

/**
 * How the `CertCentral` client reaches DigiCert: the common options of every faultline client
 * (`baseUrl`, `rateLimit` (default DigiCert's documented limits, 100 requests / 5 s and 1000 / 3 min),
 * `retry`, `timeout`, `maxResponseBytes`) and CertCentral's own. Every option is checked when the
 * layer is built.
 */
export interface CertCentralOptions extends VendorOptions {
  /** The API key, sent as `X-DC-DEVKEY`; kept `Redacted` until written, never logged or traced. */
  readonly apiKey: Redacted.Redacted<string>
  /**
   * How `submitOrder` settles an order whose answer was lost (timeout, reset, 5xx after sending):
   * it looks for the order before anything is sent again. `false` turns it off: the call then
   * fails with what happened and nothing is resent.
   */
  readonly reconcile?: false | ReconcileOptions | undefined
}

/** How an order whose answer was lost is looked for. */
export interface ReconcileOptions extends CommonReconcileOptions {
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
  ...commonDefaults,
  baseUrl: "https://www.digicert.com/services/v2/",
  /** DigiCert's documented limits: 100 requests per 5 seconds and 1000 per 3 minutes, per key. */
  rateLimit: [
    { limit: 100, window: "5 seconds" },
    { limit: 1000, window: "3 minutes" }
  ] as ReadonlyArray<RateLimitWindow>,
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
export interface ResolvedCertCentralOptions
  extends ResolvedVendorOptions<Omit<ResolvedReconcileOptions, "settle">> {
  readonly apiKey: Redacted.Redacted<string>
}

const module = "@faultline/certcentral"
const d = certCentralDefaults.reconcile

/**
 * Checks the options once, when the client is built: an {@link InvalidOptionError} naming the first
 * option at fault (an unknown option name included, so a typo is not silently ignored).
 */
export const validateCertCentralOptions = (
  options: CertCentralOptions
): Effect.Effect<ResolvedCertCentralOptions, InvalidOptionError> =>
  validateVendorOptions(module, options, {
    defaults: certCentralDefaults,
    own: { apiKey: (input) => secret(module, "apiKey", input) },
    reconcile: {
      skew: (input) => nonNegativeDuration(module, "reconcile.skew", input, d.skew),
      maxCandidates: (input) => integerIn(module, "reconcile.maxCandidates", input, d.maxCandidates, 1, 1000),
      referenceField: (input) =>
        input === undefined
          ? Result.succeed(undefined)
          : integerIn(module, "reconcile.referenceField", input, 0, 1, Number.MAX_SAFE_INTEGER)
    }
  })
