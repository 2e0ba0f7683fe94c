import { webcrypto } from "node:crypto"
import { CertificationRequest } from "@peculiar/asn1-csr"
import { AsnConvert } from "@peculiar/asn1-schema"
import * as asn1js from "asn1js"

// The independent reading of a CSR the property tests compare our parsers with: the PKCS#10 schema of
// @peculiar/asn1-csr decides whether the DER is a CertificationRequest and names the subject, and
// asn1js's BER tree gives the subjectPublicKeyInfo bytes exactly as they were sent.

export interface OracleCsr {
  /** subjectPublicKeyInfo, DER, as found in the request. */
  readonly spki: Uint8Array
  /** The first CN of the subject, as the schema decodes its DirectoryString. */
  readonly commonName: string | undefined
  readonly request: CertificationRequest
}

export const pemOf = (der: Uint8Array): string =>
  `-----BEGIN CERTIFICATE REQUEST-----\n${(
    Buffer.from(der)
      .toString("base64")
      .match(/.{1,64}/g) ?? []
  ).join("\n")}\n-----END CERTIFICATE REQUEST-----\n`

export const derOf = (pem: string): Uint8Array =>
  new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64"))

/** The oracle's reading of `der`; `undefined` when it is no CertificationRequest. */
export const oracle = (der: Uint8Array): OracleCsr | undefined => {
  let request: CertificationRequest
  try {
    request = AsnConvert.parse(der, CertificationRequest)
  } catch {
    return undefined
  }
  const tree = asn1js.fromBER(der)
  if (tree.offset === -1) return undefined
  const info = (tree.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence | undefined
  const spki = info?.valueBlock.value[2]?.valueBeforeDecodeView
  if (spki === undefined) return undefined
  const cn = request.certificationRequestInfo.subject
    .flatMap((rdn) => [...rdn])
    .find((attribute) => attribute.type === "2.5.4.3")
  return { spki: new Uint8Array(spki), commonName: cn?.value.toString(), request }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex")

/** Whether the request's signature verifies under its own key (WebCrypto), as a CA checks it. */
export const signatureVerifies = async (csr: OracleCsr): Promise<boolean> => {
  const { request } = csr
  const oid = request.signatureAlgorithm.algorithm
  const raw = request.certificationRequestInfoRaw
  if (raw === undefined) return false
  if (oid === "1.2.840.113549.1.1.11") {
    const key = await webcrypto.subtle.importKey(
      "spki",
      csr.spki,
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["verify"]
    )
    return webcrypto.subtle.verify("RSASSA-PKCS1-v1_5", key, request.signature, raw)
  }
  const hash = {
    "1.2.840.10045.4.3.2": "SHA-256",
    "1.2.840.10045.4.3.3": "SHA-384",
    "1.2.840.10045.4.3.4": "SHA-512"
  }[oid]
  if (hash === undefined) return false
  const parameters = request.certificationRequestInfo.subjectPKInfo.algorithm.parameters
  const curve = { "06082a8648ce3d030107": "P-256", "06052b81040022": "P-384", "06052b81040023": "P-521" }[
    parameters instanceof ArrayBuffer ? hex(new Uint8Array(parameters)) : ""
  ]
  if (curve === undefined) return false
  const key = await webcrypto.subtle.importKey(
    "spki",
    csr.spki,
    { name: "ECDSA", namedCurve: curve },
    false,
    ["verify"]
  )
  // X.509's ECDSA-Sig-Value back to WebCrypto's r || s.
  const sig = asn1js.fromBER(request.signature).result as asn1js.Sequence
  const size = Math.ceil(Number(curve.slice(2)) / 8)
  const fixed = (block: asn1js.AsnType | undefined) => {
    const bytes = new Uint8Array((block as asn1js.Integer).valueBlock.valueHexView)
    const trimmed = bytes.subarray(Math.max(0, bytes.length - size))
    const out = new Uint8Array(size)
    out.set(trimmed, size - trimmed.length)
    return out
  }
  const rs = new Uint8Array([...fixed(sig.valueBlock.value[0]), ...fixed(sig.valueBlock.value[1])])
  return webcrypto.subtle.verify({ name: "ECDSA", hash }, key, rs, raw)
}
