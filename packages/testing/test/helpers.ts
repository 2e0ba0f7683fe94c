import { execFileSync } from "node:child_process"
import { createHash, createHmac } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

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

/** A real RSA CSR made by openssl (installed on the machine). */
export const makeCsr = (subject = "/CN=shop.example.jp"): string => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-csr-"))
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        subject,
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "csr.pem")
      ],
      { stdio: "ignore" }
    )
    return readFileSync(join(dir, "csr.pem"), "utf8")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The SHA-256 of the CSR's public key as openssl computes it (DER SubjectPublicKeyInfo). */
export const publicKeySha256 = (csr: string): string => {
  const pem = execFileSync("openssl", ["req", "-pubkey", "-noout"], { input: csr })
  const spki = execFileSync("openssl", ["pkey", "-pubin", "-outform", "DER"], { input: pem })
  return createHash("sha256").update(spki).digest("hex")
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
