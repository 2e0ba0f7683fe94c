import { webcrypto } from "node:crypto"
import type { Name } from "@peculiar/asn1-x509"

// A real PKCS#10 request (RFC 2986) made in-process: a fresh key from Node's WebCrypto, the request
// info DER-encoded by the @peculiar/asn1-* schemas, signed with that key. No openssl, no files.
// The schemas load on the first call: importing @faultline/testing costs nothing for them.

type Asn1 = typeof import("@peculiar/asn1-csr") &
  typeof import("@peculiar/asn1-ecc") &
  typeof import("@peculiar/asn1-schema") &
  typeof import("@peculiar/asn1-x509")

let loaded: Promise<Asn1> | undefined
const asn1 = (): Promise<Asn1> => {
  loaded ??= Promise.all([
    import("@peculiar/asn1-csr"),
    import("@peculiar/asn1-ecc"),
    import("@peculiar/asn1-schema"),
    import("@peculiar/asn1-x509")
  ]).then(([csr, ecc, schema, x509]) => ({ ...csr, ...ecc, ...schema, ...x509 }))
  return loaded
}

/** `makeCsr` refused its input (an empty or over-long name), or WebCrypto failed to make the key. */
export class CsrToolError extends Error {
  override readonly name = "CsrToolError"
}

/** Subject attributes written before the common name (any Unicode; `country` two letters). */
export interface CsrSubject {
  readonly country?: string | undefined
  readonly state?: string | undefined
  readonly locality?: string | undefined
  readonly organization?: string | undefined
  readonly organizationalUnit?: string | undefined
}

export interface MakeCsrOptions {
  /** The key type: a P-256 key (fast, the default) or RSA 2048 (what most servers use). */
  readonly key?: "ec" | "rsa" | undefined
  /** The curve of an `ec` key: `P-256` (default), `P-384` or `P-521`. */
  readonly curve?: "P-256" | "P-384" | "P-521" | undefined
  /** The modulus of an `rsa` key in bits: 2048 (default), 3072 or 4096. */
  readonly modulusLength?: 2048 | 3072 | 4096 | undefined
  /** Further subject attributes, before the CN (as openssl orders them: C, ST, L, O, OU, CN). */
  readonly subject?: CsrSubject | undefined
  /** DNS names for a subjectAltName extension (requested through PKCS#9 extensionRequest). */
  readonly dnsNames?: ReadonlyArray<string> | undefined
}

/** The OIDs and string choices of the subject attributes. */
const attributeOids = {
  country: "2.5.4.6",
  state: "2.5.4.8",
  locality: "2.5.4.7",
  organization: "2.5.4.10",
  organizationalUnit: "2.5.4.11",
  commonName: "2.5.4.3"
} as const
const extensionRequest = "1.2.840.113549.1.9.14" // PKCS#9 (RFC 2985, 5.4.2)

type Algorithm = {
  readonly generate: webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams
  readonly sign: webcrypto.RsaPssParams | webcrypto.EcdsaParams | webcrypto.Algorithm
  /** signatureAlgorithm of the request (RFC 4055 / RFC 5758). */
  readonly identifier: { readonly algorithm: string; readonly parameters?: null }
  readonly ecdsa: boolean
}

const ecHashes = { "P-256": ["SHA-256", "2"], "P-384": ["SHA-384", "3"], "P-521": ["SHA-512", "4"] } as const

const algorithmOf = (options: MakeCsrOptions): Algorithm => {
  if ((options.key ?? "ec") === "rsa") {
    const generate: webcrypto.RsaHashedKeyGenParams = {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: options.modulusLength ?? 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256"
    }
    // sha256WithRSAEncryption, parameters NULL.
    return {
      generate,
      sign: { name: "RSASSA-PKCS1-v1_5" },
      identifier: { algorithm: "1.2.840.113549.1.1.11", parameters: null },
      ecdsa: false
    }
  }
  const curve = options.curve ?? "P-256"
  const [hash, suffix] = ecHashes[curve]
  // ecdsa-with-SHA256/384/512, parameters absent.
  return {
    generate: { name: "ECDSA", namedCurve: curve },
    sign: { name: "ECDSA", hash },
    identifier: { algorithm: `1.2.840.10045.4.3.${suffix}` },
    ecdsa: true
  }
}

// WebCrypto's ECDSA signature is r || s; X.509 wants ECDSA-Sig-Value, whose INTEGERs are signed and
// minimal: leading zeros dropped, one zero put back when the top bit is set.
const derInteger = (bytes: Uint8Array): ArrayBuffer => {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  const out = new Uint8Array(trimmed.length + (((trimmed[0] ?? 0) & 0x80) !== 0 ? 1 : 0))
  out.set(trimmed, out.length - trimmed.length)
  return out.buffer
}

const ecdsaSignature = ({ AsnConvert, ECDSASigValue }: Asn1, raw: ArrayBuffer): ArrayBuffer => {
  const bytes = new Uint8Array(raw)
  const half = bytes.length / 2
  return AsnConvert.serialize(
    new ECDSASigValue({ r: derInteger(bytes.subarray(0, half)), s: derInteger(bytes.subarray(half)) })
  )
}

const pem = (der: ArrayBuffer): string => {
  const base64 = Buffer.from(der).toString("base64")
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join("\n")}\n-----END CERTIFICATE REQUEST-----\n`
}

/** What {@link signCsr} writes: a subject as built, and the SAN DNS names. */
export interface CsrContent {
  readonly subject: Name
  readonly dnsNames?: ReadonlyArray<string> | undefined
}

/**
 * Signs a request for `content` with a fresh key of `options`' kind: the PEM request and the
 * subjectPublicKeyInfo DER (what a parser of the request must find). Internal: the property tests
 * build subjects of every string type with it.
 */
export const signCsr = async (
  content: CsrContent,
  options: MakeCsrOptions = {}
): Promise<{ readonly pem: string; readonly spki: Uint8Array }> => {
  const a = await asn1()
  const algorithm = algorithmOf(options)
  const keys = (await webcrypto.subtle.generateKey(algorithm.generate, true, [
    "sign",
    "verify"
  ])) as webcrypto.CryptoKeyPair
  const spki = new Uint8Array(await webcrypto.subtle.exportKey("spki", keys.publicKey))
  const dnsNames = content.dnsNames ?? []
  const attributes = new a.Attributes(
    dnsNames.length === 0
      ? []
      : [
          new a.Attribute({
            type: extensionRequest,
            values: [
              a.AsnConvert.serialize(
                new a.Extensions([
                  new a.Extension({
                    extnID: a.id_ce_subjectAltName,
                    critical: false,
                    extnValue: new a.OctetString(
                      a.AsnConvert.serialize(
                        new a.SubjectAlternativeName(
                          dnsNames.map((dNSName) => new a.GeneralName({ dNSName }))
                        )
                      )
                    )
                  })
                ])
              )
            ]
          })
        ]
  )
  const info = new a.CertificationRequestInfo({
    version: 0,
    subject: content.subject,
    subjectPKInfo: a.AsnConvert.parse(spki, a.SubjectPublicKeyInfo),
    attributes
  })
  const infoDer = a.AsnConvert.serialize(info)
  const raw = await webcrypto.subtle.sign(algorithm.sign, keys.privateKey, infoDer)
  const request = new a.CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new a.AlgorithmIdentifier(algorithm.identifier),
    signature: algorithm.ecdsa ? ecdsaSignature(a, raw) : raw
  })
  return { pem: pem(a.AsnConvert.serialize(request)), spki }
}

const characters = (text: string) => [...text].length

/**
 * A real PKCS#10 certificate request for `commonName` with a fresh key (thrown away), made in-process
 * with Node's WebCrypto: the CertCentral simulator parses CSRs as DigiCert does, and matches orders by
 * their public key, so tests need real ones. The common name is written as a UTF8String (1 to 64
 * characters, RFC 5280's upper bound); rejects with {@link CsrToolError} otherwise.
 */
export const makeCsr = async (commonName: string, options: MakeCsrOptions = {}): Promise<string> => {
  if (typeof commonName !== "string" || characters(commonName) < 1 || characters(commonName) > 64) {
    throw new CsrToolError("makeCsr: the common name must be 1 to 64 characters")
  }
  const subject = options.subject ?? {}
  const attributes: Array<
    readonly [string, { readonly printableString: string } | { readonly utf8String: string }]
  > = []
  for (const key of ["country", "state", "locality", "organization", "organizationalUnit"] as const) {
    const value = subject[key]
    if (value === undefined) continue
    if (key === "country" && !/^[A-Z]{2}$/.test(value)) {
      throw new CsrToolError("makeCsr: subject.country must be two capital letters (ISO 3166)")
    }
    if (characters(value) < 1 || characters(value) > 128) {
      throw new CsrToolError(`makeCsr: subject.${key} must be 1 to 128 characters`)
    }
    attributes.push([
      attributeOids[key],
      key === "country" ? { printableString: value } : { utf8String: value }
    ])
  }
  attributes.push([attributeOids.commonName, { utf8String: commonName }])
  try {
    const a = await asn1()
    const name = new a.Name(
      attributes.map(
        ([type, value]) =>
          new a.RelativeDistinguishedName([
            new a.AttributeTypeAndValue({ type, value: new a.AttributeValue(value) })
          ])
      )
    )
    const { pem } = await signCsr({ subject: name, dnsNames: options.dnsNames }, options)
    return pem
  } catch (error) {
    throw new CsrToolError(`makeCsr: ${error instanceof Error ? error.message : String(error)}`)
  }
}
