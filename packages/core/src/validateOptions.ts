import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { InvalidOptionError } from "./InvalidOptionError.js"

/**
 * Checks for client options, shared by every vendor package so that the same option has the same
 * bounds everywhere. Each returns a `Result`: a vendor's `make` folds them into one Effect that fails
 * with the first {@link InvalidOptionError} when the layer is built.
 */
export type Checked<A> = Result.Result<A, InvalidOptionError>

/** The failure of one check. */
export const invalid = (module: string, option: string, problem: string): Checked<never> =>
  Result.fail(new InvalidOptionError({ module, option, problem }))

const toDuration = (input: unknown): Duration.Duration | undefined => {
  // Duration reads NaN as zero; a computed NaN is a bug to report, not a zero wait.
  if (typeof input === "number" && Number.isNaN(input)) return undefined
  try {
    return Option.getOrUndefined(Duration.fromInput(input as Duration.Input))
  } catch {
    return undefined
  }
}

/** A positive, finite duration (a timeout, an expiry): `fallback` when `input` is undefined. */
export const positiveDuration = (
  module: string,
  option: string,
  input: unknown,
  fallback: Duration.Input
): Checked<Duration.Duration> => {
  const d = toDuration(input ?? fallback)
  return d !== undefined && Duration.isFinite(d) && Duration.isGreaterThan(d, Duration.zero)
    ? Result.succeed(d)
    : invalid(module, option, 'must be a positive, finite duration (e.g. "30 seconds")')
}

/** A duration of zero or more (a backoff delay, a budget), finite. */
export const nonNegativeDuration = (
  module: string,
  option: string,
  input: unknown,
  fallback: Duration.Input
): Checked<Duration.Duration> => {
  const d = toDuration(input ?? fallback)
  return d !== undefined && Duration.isFinite(d) && !Duration.isNegative(d)
    ? Result.succeed(d)
    : invalid(module, option, 'must be a finite duration of zero or more (e.g. "10 seconds")')
}

/** A number from `min` to `max`. */
export const numberIn = (
  module: string,
  option: string,
  input: unknown,
  fallback: number,
  min: number,
  max: number
): Checked<number> => {
  const n = input ?? fallback
  return typeof n === "number" && n >= min && n <= max
    ? Result.succeed(n)
    : invalid(module, option, `must be a number from ${min} to ${max}`)
}

/** A boolean. */
export const boolean = (
  module: string,
  option: string,
  input: unknown,
  fallback: boolean
): Checked<boolean> => {
  const b = input ?? fallback
  return typeof b === "boolean" ? Result.succeed(b) : invalid(module, option, "must be true or false")
}

/** An integer from `min` to `max`. */
export const integerIn = (
  module: string,
  option: string,
  input: unknown,
  fallback: number,
  min: number,
  max: number
): Checked<number> => {
  const n = input ?? fallback
  return typeof n === "number" && Number.isSafeInteger(n) && n >= min && n <= max
    ? Result.succeed(n)
    : invalid(module, option, `must be an integer from ${min} to ${max}`)
}

/**
 * An absolute `http:` or `https:` base URL without credentials, query or fragment (they would leak
 * into or be lost from every request); its path gets a trailing `/` so paths resolve below it.
 */
export const baseUrl = (module: string, option: string, input: unknown, fallback: string): Checked<URL> => {
  const value = input ?? fallback
  let url: URL | undefined
  try {
    url = typeof value === "string" || value instanceof URL ? new URL(String(value)) : undefined
  } catch {
    url = undefined
  }
  if (
    url === undefined ||
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.username !== "" ||
    url.password !== "" ||
    url.search !== "" ||
    url.hash !== ""
  ) {
    return invalid(module, option, "must be an absolute http(s) URL without credentials, query or fragment")
  }
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`
  return Result.succeed(url)
}

// What an HTTP header value may hold without quoting or folding: visible ASCII. Anything else is
// refused by fetch with an error that quotes the value, i.e. the secret.
const headerSafe = /^[\x21-\x7E]{1,4096}$/

/** A secret given as `Redacted` (from `Config.redacted` or `Redacted.make`) that fits in a header. */
export const secret = (
  module: string,
  option: string,
  input: unknown
): Checked<Redacted.Redacted<string>> => {
  if (!Redacted.isRedacted(input)) {
    return invalid(module, option, "must be a Redacted string (Config.redacted or Redacted.make)")
  }
  const value: unknown = Redacted.value(input)
  return typeof value === "string" && headerSafe.test(value)
    ? Result.succeed(input as Redacted.Redacted<string>)
    : invalid(module, option, "must be visible ASCII without spaces")
}

/** Runs the checks in order and gives the first failure, or every value. */
export const all = <const T extends Record<string, Checked<unknown>>>(
  checks: T
): Checked<{ readonly [K in keyof T]: T[K] extends Checked<infer A> ? A : never }> => {
  const out: Record<string, unknown> = {}
  for (const [key, check] of Object.entries(checks)) {
    if (Result.isFailure(check)) return Result.fail(check.failure)
    out[key] = check.success
  }
  return Result.succeed(out as never)
}

/** Fails for the first option name not in `known`: a misspelt option is an error, not ignored. */
export const knownOptions = (
  module: string,
  options: unknown,
  known: ReadonlyArray<string>
): Checked<void> => {
  if (typeof options !== "object" || options === null) return invalid(module, "options", "must be an object")
  const unknown = Object.keys(options).find((key) => !known.includes(key))
  return unknown === undefined ? Result.succeed(undefined) : invalid(module, unknown, "is not an option")
}
