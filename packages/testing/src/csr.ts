import { createHash } from "node:crypto"

// Just enough DER to accept a PKCS#10 request and pull out what a reconciliation needs: the subject
// public key (to match an order to the CSR it was placed with) and the subject common name.

/** What the simulator keeps of a parsed CSR. */
export interface ParsedCsr {
  /** The subjectPublicKeyInfo, DER, base64. */
  readonly publicKey: string
  /** SHA-256 of the subjectPublicKeyInfo DER, hex: the key's fingerprint. */
  readonly publicKeySha256: string
  /** The subject's CN, when it has one. */
  readonly commonName: string | undefined
}

interface Tlv {
  readonly tag: number
  readonly start: number // of the whole TLV
  readonly contentStart: number
  readonly end: number // exclusive
}

const readTlv = (der: Uint8Array, at: number, limit: number): Tlv | undefined => {
  if (at + 2 > limit) return undefined
  const tag = der[at] ?? 0
  if ((tag & 0x1f) === 0x1f) return undefined // high tag numbers never occur in a CSR
  let length = der[at + 1] ?? 0
  let offset = at + 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    // DER: definite, minimal lengths only; four bytes is far beyond any CSR.
    if (bytes === 0 || bytes > 4 || offset + bytes > limit) return undefined
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[offset + i] ?? 0)
    if (length < 0x80) return undefined
    offset += bytes
  }
  const end = offset + length
  if (end > limit) return undefined
  return { tag, start: at, contentStart: offset, end }
}

const children = (der: Uint8Array, parent: Tlv): ReadonlyArray<Tlv> | undefined => {
  const out: Array<Tlv> = []
  let at = parent.contentStart
  while (at < parent.end) {
    const tlv = readTlv(der, at, parent.end)
    if (tlv === undefined) return undefined
    out.push(tlv)
    at = tlv.end
  }
  return out
}

const SEQUENCE = 0x30
const SET = 0x31
const INTEGER = 0x02
const BIT_STRING = 0x03
const OID = 0x06
const commonNameOid = "550403" // 2.5.4.3

const hex = (der: Uint8Array, tlv: Tlv) =>
  Buffer.from(der.subarray(tlv.contentStart, tlv.end)).toString("hex")

// A DirectoryString's text by its type (X.520): UTF-8, the one-byte strings (Printable, IA5,
// Visible, and Teletex read as Latin-1, as most tools do), BMPString (UTF-16BE) and
// UniversalString (UTF-32BE). Anything else, or bytes that do not fit the type, has no text.
const directoryString = (tag: number, bytes: Uint8Array): string | undefined => {
  switch (tag) {
    case 0x0c:
      return Buffer.from(bytes).toString("utf8")
    case 0x13:
    case 0x14:
    case 0x16:
    case 0x1a:
      return Buffer.from(bytes).toString("latin1")
    case 0x1e: {
      if (bytes.length % 2 !== 0) return undefined
      let text = ""
      for (let i = 0; i < bytes.length; i += 2)
        text += String.fromCharCode(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0))
      return text
    }
    case 0x1c: {
      if (bytes.length % 4 !== 0) return undefined
      let text = ""
      for (let i = 0; i < bytes.length; i += 4) {
        const point =
          (((bytes[i] ?? 0) << 24) |
            ((bytes[i + 1] ?? 0) << 16) |
            ((bytes[i + 2] ?? 0) << 8) |
            (bytes[i + 3] ?? 0)) >>>
          0
        if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) return undefined
        text += String.fromCodePoint(point)
      }
      return text
    }
    default:
      return undefined
  }
}

const commonNameOf = (der: Uint8Array, name: Tlv): string | undefined => {
  for (const rdn of children(der, name) ?? []) {
    if (rdn.tag !== SET) continue
    for (const attribute of children(der, rdn) ?? []) {
      const [type, value] = children(der, attribute) ?? []
      if (type?.tag === OID && value !== undefined && hex(der, type) === commonNameOid) {
        return directoryString(value.tag, der.subarray(value.contentStart, value.end))
      }
    }
  }
  return undefined
}

const pem =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END (NEW )?CERTIFICATE REQUEST-----\s*$/

/**
 * Parses a PEM certificate request: the armour, strict base64, then the DER structure
 * `SEQUENCE { SEQUENCE { INTEGER, Name, SubjectPublicKeyInfo, [0] … }, AlgorithmIdentifier, BIT STRING }`
 * filling the decoded bytes exactly. `undefined` when any of it is wrong. The signature is not checked.
 */
export const parseCsr = (text: string): ParsedCsr | undefined => {
  if (typeof text !== "string" || text.length > 1024 * 1024) return undefined
  const match = pem.exec(text.trim())
  if (match === null) return undefined
  const base64 = (match[2] ?? "").replace(/\s+/g, "")
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64))
    return undefined
  const der = new Uint8Array(Buffer.from(base64, "base64"))
  const outer = readTlv(der, 0, der.length)
  if (outer === undefined || outer.tag !== SEQUENCE || outer.end !== der.length) return undefined
  const [info, algorithm, signature, ...rest] = children(der, outer) ?? []
  if (info?.tag !== SEQUENCE || algorithm?.tag !== SEQUENCE || signature?.tag !== BIT_STRING) return undefined
  if (rest.length > 0) return undefined
  const [version, subject, spki, attributes] = children(der, info) ?? []
  if (version?.tag !== INTEGER || subject?.tag !== SEQUENCE || spki?.tag !== SEQUENCE) return undefined
  if (attributes !== undefined && attributes.tag !== 0xa0) return undefined
  const [keyAlgorithm, key] = children(der, spki) ?? []
  if (keyAlgorithm?.tag !== SEQUENCE || key?.tag !== BIT_STRING) return undefined
  const spkiDer = der.subarray(spki.start, spki.end)
  return {
    publicKey: Buffer.from(spkiDer).toString("base64"),
    publicKeySha256: createHash("sha256").update(spkiDer).digest("hex"),
    commonName: commonNameOf(der, subject)
  }
}
