import { certCentralFixtures } from "@faultline/testing"
import { describe, expect, it } from "vitest"
import { byCode, decodeError, parseCode } from "../src/index.js"

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
    // The catalogue key of a wire code: what the decoder looks up (`invalid_value:x` -> `invalid_value`).
    const fixtureCodes = new Set(certCentralFixtures.map((f) => parseCode(f.code).key))
    expect([...byCode.keys()].filter((code) => !fixtureCodes.has(code))).toEqual([])
    expect([...fixtureCodes].filter((code) => !byCode.has(code))).toEqual([])
  })
})
