import { describe, expect, it } from "vitest"
import { CsrToolError, makeCsr, parseCsr } from "../src/index.js"
import { derOf, oracle, pemOf, signatureVerifies } from "./csrOracle.js"
import { publicKeySha256 } from "./helpers.js"

// Hand-made DER of `SEQUENCE { SEQUENCE { INTEGER 0, Name, SPKI }, AlgorithmIdentifier, BIT STRING }`
// with one CN of the given string tag: what the generated requests cannot hold.
const withCommonName = (tag: number, value: ReadonlyArray<number>): string => {
  const tlv = (t: number, content: ReadonlyArray<number>) => [t, content.length, ...content]
  const atv = tlv(0x30, [...tlv(0x06, [0x55, 0x04, 0x03]), ...tlv(tag, value)])
  const name = tlv(0x30, tlv(0x31, atv))
  const spki = tlv(0x30, [...tlv(0x30, tlv(0x06, [0x2a, 0x03])), ...tlv(0x03, [0x00, 0x04, 0x01])])
  const info = tlv(0x30, [...tlv(0x02, [0x00]), ...name, ...spki])
  return pemOf(
    new Uint8Array(tlv(0x30, [...info, ...tlv(0x30, tlv(0x06, [0x2a, 0x03])), ...tlv(0x03, [0x00])]))
  )
}

describe("parseCsr", () => {
  it("reads the subject public key and common name of a real CSR", async () => {
    const csr = await makeCsr("shop.example.jp", {
      key: "rsa",
      subject: { country: "JP", organization: "Example" }
    })
    const parsed = parseCsr(csr)
    expect(parsed?.commonName).toBe("shop.example.jp")
    expect(parsed?.publicKeySha256).toBe(publicKeySha256(csr))
    expect(Buffer.from(parsed!.publicKey, "base64")[0]).toBe(0x30)
  })

  it("accepts the NEW CERTIFICATE REQUEST armour and CRLF lines", async () => {
    const csr = (await makeCsr("shop.example.jp"))
      .replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST")
      .replace(/\n/g, "\r\n")
    expect(parseCsr(csr)).toBeDefined()
  })

  it("refuses DER with trailing bytes or a wrong structure", async () => {
    const der = derOf(await makeCsr("shop.example.jp"))
    expect(parseCsr(pemOf(der))).toBeDefined()
    expect(parseCsr(pemOf(new Uint8Array([...der, 0])))).toBeUndefined()
    expect(parseCsr(pemOf(der.subarray(0, der.length - 1)))).toBeUndefined()
    expect(parseCsr(pemOf(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00])))).toBeUndefined()
    expect(parseCsr(pemOf(new Uint8Array([0x04, 0x00])))).toBeUndefined()
  })

  it("reads a common name by its string type: BMPString as UTF-16, UniversalString as UTF-32", () => {
    // "日本" in each encoding, and U+10000 (astral) as UCS-4.
    expect(parseCsr(withCommonName(0x1e, [0x65, 0xe5, 0x67, 0x2c]))?.commonName).toBe("日本")
    expect(parseCsr(withCommonName(0x0c, [...Buffer.from("日本")]))?.commonName).toBe("日本")
    expect(parseCsr(withCommonName(0x1c, [0, 1, 0, 0]))?.commonName).toBe("\u{10000}")
    expect(parseCsr(withCommonName(0x14, [0xe9]))?.commonName).toBe("é")
    // Bytes that do not fit the type, or a type that is no DirectoryString: the request, no name.
    expect(parseCsr(withCommonName(0x1e, [0x65]))).toMatchObject({ commonName: undefined })
    expect(parseCsr(withCommonName(0x1c, [0, 0, 0xd8, 0])))?.toMatchObject({ commonName: undefined })
    expect(parseCsr(withCommonName(0x04, [0x41]))).toMatchObject({ commonName: undefined })
  })

  it("answers undefined, never throws, for what is not text", () => {
    for (const input of [undefined, null, 42, {}, ["-----BEGIN CERTIFICATE REQUEST-----"]]) {
      expect(parseCsr(input as unknown as string)).toBeUndefined()
    }
  })
})

describe("makeCsr", () => {
  it("makes real signed requests, one fresh key each, for every key type and size", async () => {
    const kinds = [
      {},
      { curve: "P-384" },
      { curve: "P-521" },
      { key: "rsa" },
      { key: "rsa", modulusLength: 3072 }
    ] as const
    const made = await Promise.all([
      makeCsr("one.example.jp"),
      ...kinds.map((k) => makeCsr("one.example.jp", k))
    ])
    for (const csr of made) {
      const read = oracle(derOf(csr))
      expect(read?.commonName).toBe("one.example.jp")
      expect(await signatureVerifies(read!)).toBe(true)
      expect(parseCsr(csr)?.publicKeySha256).toBe(publicKeySha256(csr))
    }
    expect(new Set(made.map((csr) => parseCsr(csr)?.publicKeySha256)).size).toBe(made.length)
  })

  it("writes Unicode subjects and the SAN DNS names", async () => {
    const csr = await makeCsr("ショップ.example.jp", {
      subject: { country: "JP", organization: "株式会社 例", organizationalUnit: "証明書" },
      dnsNames: ["shop.example.jp", "www.shop.example.jp"]
    })
    const read = oracle(derOf(csr))!
    expect(read.commonName).toBe("ショップ.example.jp")
    expect(read.request.certificationRequestInfo.subject.map((rdn) => rdn[0]?.value.toString())).toEqual([
      "JP",
      "株式会社 例",
      "証明書",
      "ショップ.example.jp"
    ])
    const [attribute] = read.request.certificationRequestInfo.attributes
    expect(attribute?.type).toBe("1.2.840.113549.1.9.14")
    const sans = Buffer.from(attribute!.values[0]!).toString("latin1")
    expect(sans).toContain("shop.example.jp")
    expect(sans).toContain("www.shop.example.jp")
  })

  it("refuses an empty or over-long common name and a bad country", async () => {
    await expect(makeCsr("")).rejects.toBeInstanceOf(CsrToolError)
    await expect(makeCsr("a".repeat(65))).rejects.toBeInstanceOf(CsrToolError)
    await expect(makeCsr("ok.example.jp", { subject: { country: "Japan" } })).rejects.toBeInstanceOf(
      CsrToolError
    )
  })
})
