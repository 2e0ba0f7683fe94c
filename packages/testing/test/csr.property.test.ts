import { createHash } from "node:crypto"
import { AttributeTypeAndValue, AttributeValue, Name, RelativeDistinguishedName } from "@peculiar/asn1-x509"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parseCsr } from "../src/index.js"
import { type MakeCsrOptions, signCsr } from "../src/makeCsr.js"
import { derOf, oracle, pemOf, signatureVerifies } from "./csrOracle.js"

// parseCsr against an independent ASN.1 reading (csrOracle.ts) on generated requests: every key
// type and size, subjects of every DirectoryString type with any Unicode, SANs; then on broken ones.

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex")

type StringType =
  | "utf8String"
  | "printableString"
  | "ia5String"
  | "teletexString"
  | "bmpString"
  | "universalString"

const printable = fc.string({
  unit: fc.constantFrom(..."ABCXYZabcxyz0189 '()+,-./:=?".split("")),
  minLength: 1,
  maxLength: 24
})
const ascii = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 24
})
const latin1 = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 24
})
const unicode = fc.string({ unit: "binary", minLength: 1, maxLength: 24 })
const bmp = fc.string({
  unit: fc.integer({ min: 0x20, max: 0xd7ff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 24
})

const directoryString: fc.Arbitrary<{ type: StringType; text: string }> = fc.oneof(
  unicode.map((text) => ({ type: "utf8String" as const, text })),
  printable.map((text) => ({ type: "printableString" as const, text })),
  ascii.map((text) => ({ type: "ia5String" as const, text })),
  latin1.map((text) => ({ type: "teletexString" as const, text })),
  bmp.map((text) => ({ type: "bmpString" as const, text })),
  // asn1js writes a UniversalString one UTF-16 unit per four bytes (an astral character as two
  // surrogates, which UCS-4 never holds), so only BMP text round-trips through it; csr.test.ts
  // checks an astral UniversalString by hand.
  bmp.map((text) => ({ type: "universalString" as const, text }))
)

const otherAttribute = fc.constantFrom("2.5.4.6", "2.5.4.8", "2.5.4.7", "2.5.4.10", "2.5.4.11", "2.5.4.5")

/** A subject: other attributes around an optional CN, some RDNs multi-valued. */
const subject = fc
  .record({
    before: fc.array(fc.tuple(otherAttribute, directoryString), { maxLength: 3 }),
    commonName: fc.option(directoryString, { nil: undefined }),
    after: fc.array(fc.tuple(otherAttribute, directoryString), { maxLength: 2 }),
    multiValued: fc.boolean()
  })
  .map(({ before, commonName, after, multiValued }) => {
    const atv = ([type, { type: choice, text }]: readonly [string, { type: StringType; text: string }]) =>
      new AttributeTypeAndValue({ type, value: new AttributeValue({ [choice]: text }) })
    const cn = commonName !== undefined ? [atv(["2.5.4.3", commonName])] : []
    const rdns = multiValued
      ? [
          new RelativeDistinguishedName([...before.map(atv), ...cn]),
          ...after.map((a) => new RelativeDistinguishedName([atv(a)]))
        ]
      : [...before, ...(commonName !== undefined ? [["2.5.4.3", commonName] as const] : []), ...after].map(
          (a) => new RelativeDistinguishedName([atv(a)])
        )
    return { name: new Name(rdns.filter((rdn) => rdn.length > 0)), commonName: commonName?.text }
  })

const keyOptions: fc.Arbitrary<MakeCsrOptions> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom<MakeCsrOptions>({ curve: "P-256" }, { curve: "P-384" }, { curve: "P-521" })
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<MakeCsrOptions>({ key: "rsa" }, { key: "rsa", modulusLength: 3072 })
  }
)

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/)
const dnsNames = fc.array(
  fc.tuple(label, label).map(([a, b]) => `${a}.${b}.example.jp`),
  { maxLength: 4 }
)

const generated = fc.record({ subject, key: keyOptions, dnsNames })

type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never

const make = async ({ subject, key, dnsNames }: Generated) =>
  signCsr({ subject: subject.name, dnsNames }, key)

describe("parseCsr and an independent ASN.1 reading", () => {
  it("agree on every generated request: the key, its fingerprint and the common name", async () => {
    await fc.assert(
      fc.asyncProperty(generated, async (input) => {
        const { pem, spki } = await make(input)
        const theirs = oracle(derOf(pem))
        const ours = parseCsr(pem)
        expect(theirs).toBeDefined()
        expect(ours).toBeDefined()
        // Real: the request is signed by the key it carries.
        expect(await signatureVerifies(theirs!)).toBe(true)
        expect(Buffer.from(theirs!.spki)).toEqual(Buffer.from(spki))
        expect(ours!.publicKey).toBe(Buffer.from(theirs!.spki).toString("base64"))
        expect(ours!.publicKeySha256).toBe(sha256(theirs!.spki))
        expect(ours!.commonName).toBe(theirs!.commonName)
        expect(ours!.commonName).toBe(input.subject.commonName)
      }),
      { numRuns: 60 }
    )
  })

  it("refuse nothing the other reads, and read it alike, when a real request is damaged", async () => {
    const base = await signCsr({ subject: new Name([]) }, { curve: "P-256" })
    const der = derOf(base.pem)
    const changed = (kind: "changed" | "cut" | "extended", bytes: Uint8Array) => ({ kind, bytes })
    const damage = fc.oneof(
      fc
        .record({ at: fc.nat(der.length - 1), byte: fc.integer({ min: 0, max: 255 }) })
        .map(({ at, byte }) => {
          const copy = new Uint8Array(der)
          copy[at] = byte
          return changed("changed", copy)
        }),
      fc
        .record({ at: fc.nat(der.length), bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }) })
        .map(({ at, bytes }) =>
          changed("changed", new Uint8Array([...der.subarray(0, at), ...bytes, ...der.subarray(at)]))
        ),
      fc.nat(der.length - 1).map((n) => changed("cut", der.subarray(0, n))),
      fc
        .uint8Array({ minLength: 1, maxLength: 8 })
        .map((tail) => changed("extended", new Uint8Array([...der, ...tail])))
    )
    let bothRead = 0
    await fc.assert(
      fc.asyncProperty(damage, async ({ kind, bytes }) => {
        const ours = parseCsr(pemOf(bytes))
        const theirs = oracle(bytes)
        if (ours !== undefined && theirs !== undefined) {
          bothRead++
          expect(ours.publicKeySha256).toBe(sha256(theirs.spki))
        }
        // Strict DER: a request cut short or followed by more bytes is refused.
        if (kind !== "changed") expect(ours).toBeUndefined()
      }),
      { numRuns: 1500 }
    )
    // Not vacuous: damage to the key or signature bytes leaves a request both still read.
    expect(bothRead).toBeGreaterThan(100)
  })

  it("never throws, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 300 }).map(pemOf),
          fc
            .string({ unit: fc.constantFrom(..."AQIDBAgw+/=\n\r-".split("")) })
            .map((body) => `-----BEGIN CERTIFICATE REQUEST-----\n${body}\n-----END CERTIFICATE REQUEST-----`),
          fc.anything()
        ),
        (input) => {
          const parsed = parseCsr(input as string)
          if (parsed !== undefined) expect(parsed.publicKeySha256).toMatch(/^[0-9a-f]{64}$/)
        }
      ),
      { numRuns: 2000 }
    )
  })
})
