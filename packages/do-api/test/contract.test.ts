import { doApiFixtures } from "@faultline/testing"
import { describe, expect, it } from "vitest"
import { catalogue, clientReasons } from "../src/catalogue.js"
import { decodeError } from "../src/index.js"

// The contract with @faultline/testing, an independent reading of IIJ's error page: every fixture
// decodes to its documented reason with its status, and the catalogue and fixtures agree.

describe("DO-API contract with @faultline/testing", () => {
  it.each(doApiFixtures.map((f, i) => [`${f.code} (${f.status}, row ${i})`, f] as const))(
    "%s decodes to its reason",
    (_, fixture) => {
      const error = decodeError({ status: fixture.status, body: fixture.body })
      expect(error?.reason._tag).toBeDefined()
      expect(error?.reason._tag).not.toBe("Unrecognized")
      expect(error?.reason.code).toBe(fixture.code)
      expect(error?.upstreamStatus).toBe(fixture.status)
    }
  )

  it("every catalogue code has a fixture and every fixture a catalogue entry", () => {
    const fixtureCodes = new Set(doApiFixtures.map((f) => f.code))
    const catalogueCodes = catalogue
      .filter((k) => !clientReasons.includes(k))
      .map((k) => k.spec.code)
      .filter((code) => code !== "Unrecognized")
    expect(catalogueCodes.filter((code) => !fixtureCodes.has(code))).toEqual([])
    expect([...fixtureCodes].filter((code) => !catalogueCodes.includes(code))).toEqual([])
  })
})
