import { createHash, createHmac } from "node:crypto"
import { derOf, oracle } from "./csrOracle.js"

// The tests' own DO-API signer, written separately from the simulator's verifier (and from
// @faultline/do-api), so both sides of the signature are checked against IIJ's description.

export interface SignInput {
  readonly method: string
  readonly path: string
  readonly accessKey: string
  readonly secretKey: string
  readonly expire: string
  readonly contentType?: string
  readonly tamper?: (headers: Record<string, string>) => void
}

export const expireAt = (epochMillis: number) => new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, "Z")

export const signedHeaders = (input: SignInput): Record<string, string> => {
  const iijapi: Record<string, string> = {
    "x-iijapi-expire": input.expire,
    "x-iijapi-signaturemethod": "HmacSHA256",
    "x-iijapi-signatureversion": "2"
  }
  const toSign =
    `${input.method}\n\n${input.contentType ?? ""}\n` +
    Object.keys(iijapi)
      .sort()
      .map((k) => `${k}:${iijapi[k]}\n`)
      .join("") +
    input.path
  const signature = createHmac("sha256", input.secretKey).update(toSign).digest("base64")
  const headers: Record<string, string> = {
    ...iijapi,
    ...(input.contentType !== undefined ? { "content-type": input.contentType } : {}),
    authorization: `IIJAPI ${input.accessKey}:${signature}`
  }
  input.tamper?.(headers)
  return headers
}

/** The SHA-256 of the CSR's public key (DER SubjectPublicKeyInfo) as the independent ASN.1 reading finds it. */
export const publicKeySha256 = (csr: string): string => {
  const read = oracle(derOf(csr))
  if (read === undefined) throw new Error("not a certificate request")
  return createHash("sha256").update(read.spki).digest("hex")
}

/** A mutable clock for `now`. */
export const manualClock = (start = Date.parse("2026-05-01T00:00:00Z")) => {
  let t = start
  return {
    now: () => t,
    set: (value: number) => {
      t = value
    },
    advance: (millis: number) => {
      t += millis
    }
  }
}
