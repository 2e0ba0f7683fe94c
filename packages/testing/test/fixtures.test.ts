import { describe, expect, it } from "vitest"
import { certCentralFixtures, doApiFixtures } from "../src/index.js"

// The contract with the vendors' pages (seeds/000 and seeds/004): every code with its status.

describe("fixtures", () => {
  it("CertCentral: one fixture per code, the envelope carrying it", () => {
    const codes = certCentralFixtures.map((f) => f.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes.length).toBe(59)
    for (const fixture of certCentralFixtures) {
      expect(JSON.parse(fixture.body)).toEqual({
        errors: [{ code: fixture.code, message: expect.any(String) }]
      })
    }
    expect(certCentralFixtures).toContainEqual(
      expect.objectContaining({ code: "invalid_value:dcv_method", status: 400 })
    )
    expect(certCentralFixtures).toContainEqual(
      expect.objectContaining({ code: "access_denied|access_denied_invalid_key", status: 403 })
    )
    expect(certCentralFixtures).toContainEqual(
      expect.objectContaining({ code: "caa_check_failed|example.com", status: 400 })
    )
    expect(certCentralFixtures).toContainEqual(
      expect.objectContaining({ code: "request_limit_exceeded", status: 429 })
    )
  })

  it("DO-API: every row of the tables, status-only ones with an empty body", () => {
    expect(doApiFixtures.length).toBe(21)
    for (const status of [404, 505, 403]) {
      expect(doApiFixtures).toContainEqual({ code: `http_${status}`, status, body: "" })
    }
    expect(doApiFixtures.filter((f) => f.code === "BadRequest")).toHaveLength(4)
    expect(doApiFixtures).toContainEqual(expect.objectContaining({ code: "RequestRunning", status: 200 }))
    for (const fixture of doApiFixtures.filter((f) => f.body !== "")) {
      const body = JSON.parse(fixture.body)
      expect(body.ErrorResponse).toMatchObject({ ErrorType: fixture.code, RequestId: expect.any(String) })
    }
  })
})
