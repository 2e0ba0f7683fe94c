import { describe, expect, it } from "vitest"
import { CsrToolError, makeCsr as makeCsrWithOpenssl, parseCsr } from "../src/index.js"
import { makeCsr, publicKeySha256 } from "./helpers.js"

describe("parseCsr", () => {
  it("reads the subject public key and common name of a real CSR", () => {
    const csr = makeCsr("/CN=shop.example.jp/O=Example")
    const parsed = parseCsr(csr)
    expect(parsed?.commonName).toBe("shop.example.jp")
    expect(parsed?.publicKeySha256).toBe(publicKeySha256(csr))
    expect(Buffer.from(parsed!.publicKey, "base64")[0]).toBe(0x30)
  })

  it("accepts the NEW CERTIFICATE REQUEST armour and CRLF lines", () => {
    const csr = makeCsr()
      .replace(/CERTIFICATE REQUEST/g, "NEW CERTIFICATE REQUEST")
      .replace(/\n/g, "\r\n")
    expect(parseCsr(csr)).toBeDefined()
  })

  it("refuses DER with trailing bytes or a wrong structure", () => {
    const csr = makeCsr()
    const der = Buffer.from(csr.split("\n").slice(1, -2).join(""), "base64")
    const armour = (bytes: Buffer) =>
      `-----BEGIN CERTIFICATE REQUEST-----\n${bytes.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`
    expect(parseCsr(armour(der))).toBeDefined()
    expect(parseCsr(armour(Buffer.concat([der, Buffer.from([0])])))).toBeUndefined()
    expect(parseCsr(armour(der.subarray(0, der.length - 1)))).toBeUndefined()
    expect(parseCsr(armour(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00])))).toBeUndefined()
    expect(parseCsr(armour(Buffer.from([0x04, 0x00])))).toBeUndefined()
  })
})

describe("makeCsr", () => {
  it("makes real requests the simulator parses, one fresh key each, EC or RSA", async () => {
    const [a, b, rsa] = await Promise.all([
      makeCsrWithOpenssl("one.example.jp"),
      makeCsrWithOpenssl("one.example.jp"),
      makeCsrWithOpenssl("rsa.example.jp", { key: "rsa" })
    ])
    const parsed = [a, b, rsa].map((csr) => parseCsr(csr))
    expect(parsed.map((p) => p?.commonName)).toEqual(["one.example.jp", "one.example.jp", "rsa.example.jp"])
    expect(parsed[0]?.publicKeySha256).not.toBe(parsed[1]?.publicKeySha256)
    expect(parsed[2]?.publicKeySha256).toBe(publicKeySha256(rsa))
  })

  it("refuses what is no host name, before running openssl", async () => {
    await expect(makeCsrWithOpenssl("a b/CN=evil")).rejects.toBeInstanceOf(CsrToolError)
  })
})
