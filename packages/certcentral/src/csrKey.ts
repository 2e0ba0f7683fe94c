import { createHash } from "node:crypto"

// A certificate order is identified by the key it certifies: the CSR's subjectPublicKeyInfo. Just
// enough DER to find it: CertificationRequest ::= SEQUENCE { info SEQUENCE { version, subject,
// subjectPKInfo, ... }, ... }. Anything that does not read as that gives `undefined`.

const readLength = (der: Uint8Array, at: number): { length: number; next: number } | undefined => {
  const first = der[at]
  if (first === undefined) return undefined
  if (first < 0x80) return { length: first, next: at + 1 }
  const bytes = first & 0x7f
  if (bytes === 0 || bytes > 4 || at + 1 + bytes > der.length) return undefined
  let length = 0
  for (let i = 0; i < bytes; i++) length = length * 256 + (der[at + 1 + i] ?? 0)
  return { length, next: at + 1 + bytes }
}

interface Element {
  readonly tag: number
  readonly start: number
  readonly body: number
  readonly end: number
}

const element = (der: Uint8Array, at: number, limit: number): Element | undefined => {
  const tag = der[at]
  if (tag === undefined || at >= limit) return undefined
  const length = readLength(der, at + 1)
  if (length === undefined || length.next + length.length > limit) return undefined
  return { tag, start: at, body: length.next, end: length.next + length.length }
}

const sequence = 0x30
const bitString = 0x03

const subjectPublicKeyInfo = (der: Uint8Array): Uint8Array | undefined => {
  const request = element(der, 0, der.length)
  if (request?.tag !== sequence) return undefined
  const info = element(der, request.body, request.end)
  if (info?.tag !== sequence) return undefined
  const version = element(der, info.body, info.end)
  const subject = version && element(der, version.end, info.end)
  const spki = subject && element(der, subject.end, info.end)
  if (spki?.tag !== sequence) return undefined
  // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier, subjectPublicKey BIT STRING },
  // nothing after it: a damaged length inside reads as no key, never as another key's bytes.
  const algorithm = element(der, spki.body, spki.end)
  const key = algorithm?.tag === sequence ? element(der, algorithm.end, spki.end) : undefined
  return key?.tag === bitString && key.end === spki.end ? der.subarray(spki.start, spki.end) : undefined
}

const pemBody =
  /-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END (?:NEW )?CERTIFICATE REQUEST-----/

/**
 * The SHA-256 (hex) of a PEM CSR's subjectPublicKeyInfo: the same for every CSR of one key, so it
 * matches an order to the request it was placed with without keeping or logging the CSR itself.
 * `undefined` for anything that is not a readable PEM certificate request.
 */
export const csrKeyFingerprint = (csr: unknown): string | undefined => {
  if (typeof csr !== "string" || csr.length > 64 * 1024) return undefined
  const match = pemBody.exec(csr)
  if (match?.[1] === undefined) return undefined
  const spki = subjectPublicKeyInfo(new Uint8Array(Buffer.from(match[1].replace(/\s+/g, ""), "base64")))
  return spki === undefined ? undefined : createHash("sha256").update(spki).digest("hex")
}
