import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { type CertCentralConfig, defaultBaseUrl, documentedRateLimits } from "./CertCentralConfig.js"
import { type WindowBucket, windowBucket } from "./rateLimit.js"

/** A configuration the client can run with. */
export interface ResolvedConfig {
  readonly apiKey: string
  /** Absolute http(s) URL whose path ends in `/`: every request stays below it. */
  readonly baseUrl: URL
  readonly buckets: ReadonlyArray<WindowBucket>
  readonly timeout: Duration.Duration
}

/** Why a configuration cannot run: the `code` of the `InvalidRequest` every call then fails with. */
export type ConfigProblem = "InvalidApiKey" | "InvalidBaseUrl" | "InvalidRateLimit" | "InvalidTimeout"

// What an HTTP header value may hold without quoting or folding: visible ASCII. Anything else is
// refused by fetch with an error quoting the value, or would be sent in a form DigiCert rejects.
const apiKeyPattern = /^[\x21-\x7E]+$/

const resolveBaseUrl = (input: unknown): URL | undefined => {
  if (typeof input !== "string" && !(input instanceof URL)) return undefined
  let url: URL
  try {
    url = new URL(String(input))
  } catch {
    return undefined
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined
  // Credentials, a query or a fragment in a base URL would be lost or leak into every request.
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") return undefined
  if (!url.pathname.endsWith("/")) url.pathname = `${url.pathname}/`
  return url
}

/**
 * Checks a configuration once, when the client is built. Never throws: a bad value is reported as
 * a {@link ConfigProblem} instead of a defect.
 */
export const resolveConfig = (
  config: CertCentralConfig
):
  | { readonly _tag: "Valid"; readonly config: ResolvedConfig }
  | { readonly _tag: "Invalid"; readonly code: ConfigProblem } => {
  const invalid = (code: ConfigProblem) => ({ _tag: "Invalid", code }) as const
  const apiKey = Redacted.isRedacted(config.apiKey) ? Redacted.value(config.apiKey) : undefined
  if (typeof apiKey !== "string" || !apiKeyPattern.test(apiKey)) return invalid("InvalidApiKey")
  const baseUrl = resolveBaseUrl(config.baseUrl ?? defaultBaseUrl)
  if (baseUrl === undefined) return invalid("InvalidBaseUrl")
  const windows = config.rateLimit === false ? [] : (config.rateLimit ?? documentedRateLimits)
  if (!Array.isArray(windows)) return invalid("InvalidRateLimit")
  const buckets: Array<WindowBucket> = []
  for (const w of windows as ReadonlyArray<unknown>) {
    const bucket = typeof w === "object" && w !== null ? windowBucket(w as never) : undefined
    if (bucket === undefined) return invalid("InvalidRateLimit")
    buckets.push(bucket)
  }
  let timeout: Duration.Duration | undefined
  try {
    timeout = Option.getOrUndefined(Duration.fromInput(config.timeout ?? "30 seconds"))
  } catch {
    timeout = undefined
  }
  if (timeout === undefined || !Duration.isGreaterThan(timeout, Duration.zero))
    return invalid("InvalidTimeout")
  return { _tag: "Valid", config: { apiKey, baseUrl, buckets, timeout } }
}

/**
 * Resolves `path` below `base`, or `undefined` when the result would leave it: another origin
 * (`//host/...`, `https://elsewhere/...`), a path that climbs out of the base path (`../`), or
 * anything `URL` cannot parse. The key is only ever sent to what this returns.
 */
export const resolvePath = (base: URL, path: unknown): URL | undefined => {
  if (typeof path !== "string") return undefined
  let url: URL
  try {
    url = new URL(path, base)
  } catch {
    return undefined
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return undefined
  if (!url.pathname.startsWith(base.pathname)) return undefined
  return url
}
