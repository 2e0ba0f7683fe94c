import type { InvalidOptionError } from "@faultline/core"
import type { ResolvedVendorOptions, VendorOptions } from "@faultline/core/vendor"
import * as V from "@faultline/core/vendor"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"

/**
 * How the `Dpf` client reaches DPF-API: the common options (`rateLimit` off by default: IIJ publishes
 * no rate; `reconcile`: every change) and DPF's own, all checked when the layer is built.
 */
export interface DpfOptions extends VendorOptions {
  /** The IIJ ID access token, sent as `Authorization: Bearer <token>`; kept `Redacted`. */
  readonly token: Redacted.Redacted<string>
  /** The wait between two reads of a change's job (`GET jobs/{id}`). Default 1 second. */
  readonly jobInterval?: Duration.Input | undefined
  /** How many times a job is read before its change is reported unknown (1..1000). Default 60. */
  readonly jobPolls?: number | undefined
}

/** The defaults of every optional option. */
export const dpfDefaults = {
  ...V.commonDefaults,
  baseUrl: "https://api.dns-platform.jp/dpf/v1",
  rateLimit: false,
  jobInterval: "1 second",
  jobPolls: 60
} as const

/** `DPF_TOKEN` (required, redacted) and `DPF_BASE_URL`, for `Dpf.layerConfig`. */
export const dpfConfigFromEnv: Config.Wrap<DpfOptions> = {
  token: Config.Redacted("DPF_TOKEN"),
  baseUrl: Config.String("DPF_BASE_URL").pipe(Config.withDefault(dpfDefaults.baseUrl))
}

/** {@link DpfOptions} checked, with every default filled in. */
export interface ResolvedDpfOptions extends ResolvedVendorOptions {
  readonly token: Redacted.Redacted<string>
  readonly jobInterval: Duration.Duration
  readonly jobPolls: number
}

const module = "@faultline/dpf"

/** Checks the options once: an {@link InvalidOptionError} naming the first option at fault. */
export const validateDpfOptions = (
  options: DpfOptions
): Effect.Effect<ResolvedDpfOptions, InvalidOptionError> =>
  V.validateVendorOptions(module, options, {
    defaults: dpfDefaults,
    own: {
      token: (input) => V.secret(module, "token", input),
      jobInterval: (input) => V.positiveDuration(module, "jobInterval", input, dpfDefaults.jobInterval),
      jobPolls: (input) => V.integerIn(module, "jobPolls", input, dpfDefaults.jobPolls, 1, 1000)
    }
  })
