import { describe, expect, it } from "vitest"
import { indexCatalogue, Reason, statusCode, UnrecognizedReason } from "../src/vendor.js"

const row = (tag: string, code: string, source?: "status" | "client") =>
  Reason(tag, { vendor: "kit", code, category: "upstream-error", retry: "never", source })

class Documented extends row("Documented", "documented") {}
class Exact extends row("Exact", "http_429", "status") {}
class Family extends row("Family", "http_5xx", "status") {}
class AnyStatus extends row("AnyStatus", "http_status", "status") {}
class Mine extends row("Mine", "mine_unknown", "client") {}
class Unrecognized extends UnrecognizedReason("kit") {}

describe("indexCatalogue", () => {
  const index = indexCatalogue([Documented, Exact, Family, AnyStatus, Mine, Unrecognized])

  it("looks documented codes up by code only", () => {
    expect(index.byCode.get("documented")).toBe(Documented)
    expect(index.byCode.has("http_429")).toBe(false)
    expect(index.byCode.get("__proto__")).toBeUndefined()
  })

  it("looks a status up as http_<n>, then http_<d>xx, then http_status", () => {
    expect(index.byStatus(429)).toBe(Exact)
    expect(index.byStatus(502)).toBe(Family)
    expect(index.byStatus(404)).toBe(AnyStatus)
    expect(index.byStatus(undefined)).toBe(AnyStatus)
    expect(indexCatalogue([Documented, Unrecognized]).byStatus(500)).toBeUndefined()
  })

  it("derives the unknown, fallback and client rows from the table", () => {
    expect(index.unknown).toBe(Unrecognized)
    expect(index.fallbackReasons).toEqual([Exact, Family, AnyStatus, Mine, Unrecognized])
    expect(index.clientReasons).toEqual([Mine])
    expect(Unrecognized.spec.code).toBe("unrecognized")
  })

  it("refuses a table without exactly one unknown row, or with a code twice", () => {
    expect(() => indexCatalogue([Documented])).toThrow("unknown")
    expect(() => indexCatalogue([Documented, Documented, Unrecognized])).toThrow("twice")
  })

  it("spells a status-only code one way", () => {
    expect(statusCode(503)).toBe("http_503")
    expect(statusCode(undefined)).toBe("http_status")
  })
})
