import * as Config from "effect/Config"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type { InvalidOptionError } from "../../core/src/InvalidOptionError.js"
import {
  commonDefaults,
  type ResolvedVendorOptions,
  secret,
  type VendorOptions,
  validateVendorOptions
} from "../../core/src/vendor.js"

/** How the `Acme` client reaches acme: the common options (`reconcile`: `createWidget`) and the API key. */
export interface AcmeOptions extends VendorOptions {
  /** Sent as `x-acme-key`; kept `Redacted` until written. */
  readonly apiKey: Redacted.Redacted<string>
}

/** The defaults of every optional option. */
export const acmeDefaults = {
  ...commonDefaults,
  baseUrl: "https://api.acme.example/v1/",
  rateLimit: false
} as const

/** `ACME_API_KEY` (required) and `ACME_BASE_URL`, for `Acme.layerConfig`. */
export const acmeConfigFromEnv: Config.Wrap<AcmeOptions> = {
  apiKey: Config.Redacted("ACME_API_KEY"),
  baseUrl: Config.String("ACME_BASE_URL").pipe(Config.withDefault(acmeDefaults.baseUrl))
}

export interface ResolvedAcmeOptions extends ResolvedVendorOptions {
  readonly apiKey: Redacted.Redacted<string>
}

const module = "@faultline/acme-vendor"

/** The options checked once, when the layer is built. */
export const validateAcmeOptions = (
  options: AcmeOptions
): Effect.Effect<ResolvedAcmeOptions, InvalidOptionError> =>
  validateVendorOptions(module, options, {
    defaults: acmeDefaults,
    own: { apiKey: (input) => secret(module, "apiKey", input) }
  })
