import type { InvalidOptionError } from "@faultline/core"
import {
  commonDefaults,
  invalid,
  positiveDuration,
  type ReconcileOptions,
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
 * How the `DoApi` client reaches DO-API: the common options of every faultline client (`baseUrl`,
 * `rateLimit` (IIJ documents no limit, so off by default), `retry`, `timeout`, `maxResponseBytes`)
 * and DO-API's own. Every option is checked when the layer is built.
 */
export interface DoApiOptions extends VendorOptions {
  /** The access key of the `Authorization: IIJAPI <AccessKey>:<Signature>` header; kept `Redacted`. */
  readonly accessKey: Redacted.Redacted<string>
  /** The secret key the requests are signed with; kept `Redacted`, never sent, logged or traced. */
  readonly secretKey: Redacted.Redacted<string>
  /** The DO service code (`do0000000`); a call may pass its own instead. */
  readonly serviceCode?: string | undefined
  /** Signature validity after signing (`x-iijapi-Expire`): a positive, finite duration. Default 5 minutes. */
  readonly expiresIn?: Duration.Input | undefined
  /**
   * How `addRecord` and `commit` (given its `zone`) settle a change whose answer was lost (timeout,
   * reset, 5xx after sending): they read the zone's records before anything is sent again. `false`
   * turns it off: the call then fails with what happened and nothing is resent.
   */
  readonly reconcile?: false | ReconcileOptions | undefined
}

/** The defaults of every optional option. */
export const doApiDefaults = {
  ...commonDefaults,
  baseUrl: "https://do.api.iij.jp/",
  rateLimit: false,
  expiresIn: "5 minutes"
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
export interface ResolvedDoApiOptions extends ResolvedVendorOptions {
  readonly accessKey: Redacted.Redacted<string>
  readonly secretKey: Redacted.Redacted<string>
  readonly serviceCode: string | undefined
  readonly expiresIn: Duration.Duration
}

const module = "@faultline/do-api"

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
  validateVendorOptions(module, options, {
    defaults: doApiDefaults,
    own: {
      accessKey: (input) => secret(module, "accessKey", input),
      secretKey: (input) => secret(module, "secretKey", input),
      serviceCode,
      expiresIn: (input) => positiveDuration(module, "expiresIn", input, doApiDefaults.expiresIn)
    }
  })
