import { createHmac, timingSafeEqual } from "node:crypto"
import type { IncomingHttpHeaders } from "node:http"

// IIJAPI HmacSHA256 signature version 2, written from IIJ's description (DESIGN.md "DO-API signing")
// and never shared with the client's signer, so a signer bug shows up as SignatureDoesNotMatch.

export interface DoApiCredentials {
  readonly accessKey: string
  readonly secretKey: string
}

/** Why a request's signature was refused: the ErrorType, its message and status. */
export interface SignatureFailure {
  readonly status: number
  readonly type: string
  readonly message: string
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value.join(", ") : value
}

/**
 * `METHOD\n<Content-MD5>\n<Content-Type>\n` + every `x-iijapi-*` header, lower-cased, sorted, as
 * `name:value\n` + the path as sent (no query).
 */
export const doApiStringToSign = (method: string, path: string, headers: IncomingHttpHeaders): string => {
  const signed = Object.keys(headers)
    .map((name) => name.toLowerCase())
    .filter((name) => name.startsWith("x-iijapi-"))
    .sort()
    .map((name) => `${name}:${(header(headers, name) ?? "").trim()}\n`)
    .join("")
  return `${method.toUpperCase()}\n${header(headers, "content-md5") ?? ""}\n${header(headers, "content-type") ?? ""}\n${signed}${path}`
}

const expirePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/

const failure = (status: number, type: string, message: string): SignatureFailure => ({
  status,
  type,
  message
})

/**
 * Checks a request in the order of IIJ's table: the signing headers' form (BadRequest), the access
 * key (AuthFailure), the signature (SignatureDoesNotMatch), then the Expire time (RequestExpired).
 */
export const verifyDoApiSignature = (
  request: { readonly method: string; readonly path: string; readonly headers: IncomingHttpHeaders },
  credentials: ReadonlyArray<DoApiCredentials>,
  now: number
): SignatureFailure | undefined => {
  const authorization = /^IIJAPI ([^:\s]+):(\S+)$/.exec(header(request.headers, "authorization") ?? "")
  if (authorization === null) return failure(400, "BadRequest", "Signature is not valid.")
  if (header(request.headers, "x-iijapi-signaturemethod") !== "HmacSHA256") {
    return failure(400, "BadRequest", "Signature method is not valid.")
  }
  if (header(request.headers, "x-iijapi-signatureversion") !== "2") {
    return failure(400, "BadRequest", "Signature version is not valid.")
  }
  const expire = header(request.headers, "x-iijapi-expire") ?? ""
  const expireMillis = expirePattern.test(expire) ? Date.parse(expire) : Number.NaN
  if (
    Number.isNaN(expireMillis) ||
    new Date(expireMillis).toISOString().slice(0, 19) !== expire.slice(0, 19)
  ) {
    return failure(400, "BadRequest", "Expire is not valid.")
  }
  const owner = credentials.find((c) => c.accessKey === authorization[1])
  if (owner === undefined)
    return failure(401, "AuthFailure", "Unable to validate the provided access credentials.")
  const expected = createHmac("sha256", owner.secretKey)
    .update(doApiStringToSign(request.method, request.path, request.headers))
    .digest()
  const given = Buffer.from(authorization[2] ?? "", "base64")
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return failure(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided."
    )
  }
  if (expireMillis < now) return failure(400, "RequestExpired", "The request has expired.")
  return undefined
}
