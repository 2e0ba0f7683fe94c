import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import { negotiateLocale } from "../src/Locale.js"
import { isWellFormedRequestId, requestIdFrom } from "../src/RequestId.js"
import { parseRetryAfter } from "../src/RetryAfter.js"
import { statusCategory } from "../src/statusCategory.js"

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-21T00:00:00Z")
  it("reads delay-seconds and HTTP dates", () => {
    expect(Duration.toMillis(parseRetryAfter("120", now)!)).toBe(120_000)
    expect(Duration.toMillis(parseRetryAfter("Sat, 21 Nov 2026 00:00:30 GMT", now)!)).toBe(30_000)
    expect(Duration.toMillis(parseRetryAfter(["5", "9"], now)!)).toBe(5_000)
  })
  it("gives zero for past dates and caps absurd values at a day", () => {
    expect(Duration.toMillis(parseRetryAfter("Fri, 20 Nov 2026 00:00:00 GMT", now)!)).toBe(0)
    expect(Duration.toMillis(parseRetryAfter("99999999999", now)!)).toBe(86_400_000)
  })
  it("reads every HTTP-date form as UTC, whatever the process time zone", () => {
    const zone = process.env.TZ
    try {
      for (const tz of ["UTC", "Asia/Tokyo", "America/New_York"]) {
        process.env.TZ = tz
        for (const date of [
          "Sat, 21 Nov 2026 00:01:00 GMT",
          "Saturday, 21-Nov-26 00:01:00 GMT",
          "Sat Nov 21 00:01:00 2026"
        ]) {
          expect(Duration.toMillis(parseRetryAfter(date, now)!), `${date} in ${tz}`).toBe(60_000)
        }
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
  it("ignores what it cannot read", () => {
    for (const value of [
      undefined,
      "",
      "soon",
      "-5",
      "1.5",
      "12 seconds",
      "2026-11-21T00:01:00Z",
      "Nov 21 2026",
      {},
      "x".repeat(1000)
    ]) {
      expect(parseRetryAfter(value, now)).toBeUndefined()
    }
  })
})

describe("negotiateLocale", () => {
  it.each([
    [undefined, "en"],
    ["ja", "ja"],
    ["ja-JP,ja;q=0.9,en;q=0.8", "ja"],
    ["en-US,ja;q=0.5", "en"],
    ["fr, ja;q=0.3, en;q=0.2", "ja"],
    ["fr", "en"],
    ["ja;q=0, en", "en"],
    ["ja;Q=0.1, en;q=0.5", "en"],
    ["en;q=0.5, ja;q=1.5", "en"],
    ["*", "en"]
  ] as const)("%s -> %s", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale)
  })
})

describe("request ids", () => {
  it("reuses a well-formed incoming id and replaces anything else", () => {
    expect(requestIdFrom("abc-123")).toBe("abc-123")
    expect(requestIdFrom(["abc-123", "x"])).toBe("abc-123")
    for (const bad of [undefined, "", "a b", "x".repeat(200), "id\r\nX-Evil: 1"]) {
      const id = requestIdFrom(bad)
      expect(id).not.toBe(bad)
      expect(isWellFormedRequestId(id)).toBe(true)
    }
  })
})

describe("statusCategory", () => {
  it.each([
    [400, "upstream-error", "never"],
    [401, "misconfigured", "never"],
    [403, "misconfigured", "never"],
    [404, "misconfigured", "never"],
    [405, "misconfigured", "never"],
    [408, "timeout", "safe"],
    [409, "upstream-error", "never"],
    [422, "upstream-error", "never"],
    [429, "throttled", "safe"],
    [500, "upstream-error", "idempotent-only"],
    [503, "unavailable", "idempotent-only"],
    [504, "timeout", "idempotent-only"],
    [418, "upstream-error", "never"]
  ] as const)("%i -> %s / %s", (status, category, retry) => {
    expect(statusCategory(status)).toEqual({ category, retry })
  })
})
