import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { InvalidOptionError } from "./InvalidOptionError.js"
import { type RateLimitWindow, validateRateLimit } from "./rateLimit.js"
import type { RollingWindow } from "./RollingWindowStore.js"
import { type ResolvedRetryOptions, type RetryOptions, validateRetryOptions } from "./RetryOptions.js"
import { upstreamBounds } from "./readUpstream.js"
import {
  all,
  baseUrl,
  type Checked,
  integerIn,
  invalid,
  knownOptions,
  nonNegativeDuration,
  positiveDuration
} from "./validateOptions.js"

/** The options every vendor client takes, with the same names, bounds and meaning. */
export interface VendorOptions {
  /**
   * An absolute `http:` or `https:` URL without credentials, query or fragment; no request ever
   * leaves it. Default: the vendor's documented endpoint.
   */
  readonly baseUrl?: string | URL | undefined
  /**
   * Client-side rate limiting per credential, as rolling windows; `false` turns it off. Default:
   * the vendor's documented limits (off where it documents none).
   */
  readonly rateLimit?: false | ReadonlyArray<RateLimitWindow> | undefined
  /** Retry of failed calls, as far as each failure allows (core's `retryUpstream`); `false`: never. */
  readonly retry?: false | RetryOptions | undefined
  /** One attempt, from sending to the last byte of the body; the limiter's wait is not counted. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The response body cap (bytes, 1 KiB to 1 GiB): reading stops and the attempt fails past it. Default 8 MiB. */
  readonly maxResponseBytes?: number | undefined
  /**
   * How a non-idempotent request whose answer was lost (timeout, reset, 5xx after sending) is
   * settled: it is looked for before anything is sent again. `false` turns it off: the call then
   * fails with what happened and nothing is resent.
   */
  readonly reconcile?: false | ReconcileOptions | undefined
}

/** How a change whose answer was lost is looked for; a vendor adds its own options beside `settle`. */
export interface ReconcileOptions {
  /** Wait after the lost answer before looking, so a change still in flight lands. Default 10 s. */
  readonly settle?: Duration.Input | undefined
}

/** A vendor's defaults of the common options. */
export interface VendorDefaults {
  readonly baseUrl: string
  readonly rateLimit: false | ReadonlyArray<RateLimitWindow>
  readonly timeout: Duration.Input
  readonly maxResponseBytes: number
  readonly reconcile: { readonly settle: Duration.Input }
}

/** The common defaults a vendor starts from: 30 s per attempt, core's 8 MiB body cap, a 10 s settle. */
export const commonDefaults = {
  timeout: "30 seconds",
  maxResponseBytes: upstreamBounds.maxResponseBytes,
  reconcile: { settle: "10 seconds" }
} as const

/** The common options checked, with every default filled in. */
export interface ResolvedVendorOptions<Reconcile = {}> {
  /** Ends in `/`: every request path resolves below it. */
  readonly baseUrl: URL
  readonly rateLimit: ReadonlyArray<RollingWindow>
  readonly retry: ResolvedRetryOptions
  readonly timeout: Duration.Duration
  readonly maxResponseBytes: number
  /** `false`: reconciliation off (a lost answer fails as it happened and nothing is resent). */
  readonly reconcile: ({ readonly settle: Duration.Duration } & Reconcile) | false
}

/** A vendor's own checks, by option name: each gets the option's value as the user wrote it. */
export type OptionChecks = Readonly<Record<string, (input: unknown) => Checked<unknown>>>

/** What a set of checks gives. */
export type Checked$<C extends OptionChecks> = {
  readonly [K in keyof C]: C[K] extends (input: unknown) => Checked<infer A> ? A : never
}

export interface VendorOptionsSpec<Own extends OptionChecks, Reconcile extends OptionChecks> {
  readonly defaults: VendorDefaults
  /** The vendor's own options (credentials first), checked before the common ones. */
  readonly own: Own
  /** The vendor's own `reconcile` options beside `settle`; omit when it has none. */
  readonly reconcile?: Reconcile | undefined
}

const checkAll = (
  module: string,
  input: object,
  checks: Record<string, (input: unknown) => Checked<unknown>>
): Checked<Record<string, unknown>> =>
  Result.flatMap(knownOptions(module, input, Object.keys(checks)), () =>
    all(
      Object.fromEntries(
        Object.entries(checks).map(([name, check]) => [name, check((input as Record<string, unknown>)[name])])
      )
    )
  )

/**
 * The one validator of a vendor client's options (helmet-style: the layer build fails, never a
 * call): the vendor's own options, then `baseUrl`, `rateLimit`, `retry`, `timeout`,
 * `maxResponseBytes` and `reconcile` (`settle` plus the vendor's own), each with the same bounds in
 * every vendor. Fails with the {@link InvalidOptionError} of the first option at fault, named as the
 * user wrote it (`retry.maxElapsed`, `reconcile.settle`); an option name nobody knows is at fault too.
 */
export const validateVendorOptions = <Own extends OptionChecks, Reconcile extends OptionChecks = {}>(
  module: string,
  options: unknown,
  spec: VendorOptionsSpec<Own, Reconcile>
): Effect.Effect<ResolvedVendorOptions<Checked$<Reconcile>> & Checked$<Own>, InvalidOptionError> => {
  const d = spec.defaults
  const reconcile = (input: unknown): Checked<unknown> => {
    if (input === false) return Result.succeed(false)
    const o: unknown = input ?? {}
    if (typeof o !== "object" || o === null) return invalid(module, "reconcile", "must be false or an object")
    return checkAll(module, o, {
      settle: (v) => nonNegativeDuration(module, "reconcile.settle", v, d.reconcile.settle),
      ...spec.reconcile
    })
  }
  const checks: Record<string, (input: unknown) => Checked<unknown>> = {
    ...spec.own,
    baseUrl: (v) => baseUrl(module, "baseUrl", v, d.baseUrl),
    rateLimit: (v) =>
      validateRateLimit(
        module,
        "rateLimit",
        v as false | ReadonlyArray<RateLimitWindow> | undefined,
        d.rateLimit === false ? [] : d.rateLimit
      ),
    retry: (v) => validateRetryOptions(module, "retry", v as RetryOptions | false | undefined),
    timeout: (v) => positiveDuration(module, "timeout", v, d.timeout),
    maxResponseBytes: (v) =>
      integerIn(module, "maxResponseBytes", v, d.maxResponseBytes, 1024, 1024 * 1024 * 1024),
    reconcile
  }
  if (typeof options !== "object" || options === null) {
    return Effect.fromResult(invalid(module, "options", "must be an object"))
  }
  return Effect.fromResult(checkAll(module, options, checks)) as Effect.Effect<
    ResolvedVendorOptions<Checked$<Reconcile>> & Checked$<Own>,
    InvalidOptionError
  >
}
