import { certCentralFixtures } from "@faultline/testing"
import { describe, expect, it } from "vitest"
import { byCode, reasonClassOf } from "../src/catalogue.js"
import { parseCode } from "../src/code.js"
import { decodeError } from "../src/index.js"

// The contract with @faultline/testing, an independent reading of DigiCert's error page: every
// fixture decodes to its documented reason with its status, and the catalogue and fixtures agree.

describe("CertCentral contract with @faultline/testing", () => {
  it.each(certCentralFixtures.map((f) => [f.code, f] as const))("%s decodes to its reason", (_, fixture) => {
    const error = decodeError({ status: fixture.status, body: fixture.body })
    expect(error?.reason._tag).toBeDefined()
    expect(error?.reason._tag).not.toBe("Unrecognized")
    expect(error?.upstreamStatus).toBe(fixture.status)
  })

  it("every catalogue code has a fixture and every fixture a catalogue entry", () => {
    // The class a wire code decodes to, as the decoder looks it up (`invalid_value:x` -> `invalid_value`,
    // `caa_check_failed|example.com` -> `caa_check_failed`).
    const fixtureClasses = new Set(certCentralFixtures.map((f) => reasonClassOf(parseCode(f.code).key)))
    // `access_denied` alone stands for qualifiers DigiCert has not used yet: no fixture can show one.
    const forUnknownQualifiers = new Set(["access_denied"])
    expect(
      [...byCode.entries()]
        .filter(([code, klass]) => !fixtureClasses.has(klass) && !forUnknownQualifiers.has(code))
        .map(([code]) => code)
    ).toEqual([])
    expect(certCentralFixtures.filter((f) => reasonClassOf(parseCode(f.code).key) === undefined)).toEqual([])
  })
})
