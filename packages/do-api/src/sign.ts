import { createHmac } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/** What the DO-API signature covers. */
export interface SignableRequest {
  readonly method: string
  /** The path as sent (already percent-encoded, see `encodeSegment`); a query string is ignored. */
  readonly path: string
  readonly contentType?: string | undefined
  readonly contentMd5?: string | undefined
  /** Further `x-iijapi-*` headers to sign (and send); other names are ignored. */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

export interface Credentials {
  readonly accessKey: string | Redacted.Redacted<string>
  readonly secretKey: string | Redacted.Redacted<string>
}

export interface SignOptions {
  /** How long after `now` the signature stays valid (`x-iijapi-Expire`). Default 5 minutes. */
  readonly expiresIn?: Duration.Input | undefined
}

export interface Signed {
  /**
   * The headers to send, exactly as signed: `Authorization`, the three `x-iijapi-*` signing headers,
   * the extra `x-iijapi-*` ones, and `content-md5` / `content-type` (lower-case, as fetch and
   * Effect's `Headers` name them) when they were given: they are part of the signature, so the
   * request must carry the same values.
   */
  readonly headers: Readonly<Record<string, string>>
  /** `x-iijapi-Expire`, UTC `YYYY-MM-DDThh:mm:ssZ`. */
  readonly expire: string
  /** The exact string that was signed: no secret in it, useful when a signature does not match. */
  readonly stringToSign: string
}

export const signatureMethod = "HmacSHA256"
export const signatureVersion = "2"
const defaultExpiresIn = Duration.minutes(5)

const reveal = (value: string | Redacted.Redacted<string>): string =>
  typeof value === "string" ? value : Redacted.value(value)

/** UTC `YYYY-MM-DDThh:mm:ssZ`, seconds truncated. Throws `RangeError` for an invalid time. */
export const formatExpire = (epochMillis: number): string =>
  new Date(Math.floor(epochMillis / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z")

/**
 * Signs a DO-API request (signature version 2): the string to sign is
 * `METHOD\n<Content-MD5>\n<Content-Type>\n`, then the lower-cased `x-iijapi-*` headers sorted by name
 * as `name:value\n`, then the path without query; the signature is base64 HMAC-SHA256 of it with
 * the secret key, sent as `Authorization: IIJAPI <AccessKey>:<Signature>`. Deterministic given `now`
 * (epoch ms or `Date`). Throws `RangeError` when `expiresIn` is not a valid duration or the Expire
 * falls outside the dates JavaScript can represent (the `DoApi` client checks both first).
 */
export const sign = (
  request: SignableRequest,
  credentials: Credentials,
  now: number | Date,
  options: SignOptions = {}
): Signed => {
  const nowMillis = typeof now === "number" ? now : now.getTime()
  const input = Duration.fromInput(options.expiresIn ?? defaultExpiresIn)
  if (Option.isNone(input)) throw new RangeError("expiresIn is not a valid duration")
  const expiresIn = Duration.toMillis(input.value)
  const expire = formatExpire(nowMillis + expiresIn)

  const signing: Record<string, string> = {}
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const key = name.toLowerCase()
    if (key.startsWith("x-iijapi-")) signing[key] = value.trim()
  }
  signing["x-iijapi-expire"] = expire
  signing["x-iijapi-signaturemethod"] = signatureMethod
  signing["x-iijapi-signatureversion"] = signatureVersion

  const query = request.path.indexOf("?")
  const path = query === -1 ? request.path : request.path.slice(0, query)
  const stringToSign =
    `${request.method.toUpperCase()}\n${request.contentMd5 ?? ""}\n${request.contentType ?? ""}\n` +
    Object.keys(signing)
      .sort()
      .map((key) => `${key}:${signing[key]}\n`)
      .join("") +
    path
  const signature = createHmac("sha256", reveal(credentials.secretKey)).update(stringToSign).digest("base64")

  const extras = Object.fromEntries(
    Object.entries(signing).filter(
      ([key]) => !/^x-iijapi-(expire|signaturemethod|signatureversion)$/.test(key)
    )
  )
  return {
    headers: {
      ...(request.contentMd5 !== undefined && request.contentMd5 !== ""
        ? { "content-md5": request.contentMd5 }
        : {}),
      ...(request.contentType !== undefined && request.contentType !== ""
        ? { "content-type": request.contentType }
        : {}),
      ...extras,
      "x-iijapi-Expire": expire,
      "x-iijapi-SignatureMethod": signatureMethod,
      "x-iijapi-SignatureVersion": signatureVersion,
      Authorization: `IIJAPI ${reveal(credentials.accessKey)}:${signature}`
    },
    expire,
    stringToSign
  }
}
