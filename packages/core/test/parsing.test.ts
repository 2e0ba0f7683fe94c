import * as Duration from "effect/Duration"
import * as Headers from "effect/http/Headers"
import * as Result from "effect/Result"
import * as fc from "fast-check"
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
  // Core reads the grammar itself (effect's parser would bring DateTime into every decoder bundle):
  // it must read exactly what effect's `Headers.parseRetryAfter` reads, to the millisecond.
  it("agrees with effect's Headers.parseRetryAfter on seconds and every HTTP-date form (property)", () => {
    const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    const longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Foo"]
    const two = (n: number) => String(n).padStart(2, "0")
    const date = fc
      .record({
        day: fc.integer({ min: 0, max: 32 }),
        month: fc.constantFrom(...months),
        year: fc.integer({ min: 1960, max: 2100 }),
        hour: fc.integer({ min: 0, max: 25 }),
        minute: fc.integer({ min: 0, max: 60 }),
        second: fc.integer({ min: 0, max: 61 }),
        weekday: fc.integer({ min: 0, max: 6 }),
        form: fc.constantFrom("imf", "rfc850", "asctime")
      })
      .map(({ day, month, year, hour, minute, second, weekday, form }) => {
        const time = `${two(hour)}:${two(minute)}:${two(second)}`
        if (form === "imf") return `${days[weekday]}, ${two(day)} ${month} ${year} ${time} GMT`
        if (form === "rfc850")
          return `${longDays[weekday]}, ${two(day)}-${month}-${two(year % 100)} ${time} GMT`
        return `${days[weekday]} ${month} ${day < 10 ? ` ${day}` : day} ${time} ${year}`
      })
    const value = fc.oneof(
      date,
      fc.nat().map(String),
      fc.string({ maxLength: 40 }),
      date.map((d) => ` ${d.toLowerCase()} `)
    )
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 4_102_444_800_000 }), (text, at) => {
        const theirs = Headers.parseRetryAfter(text)
        const expected = Result.isFailure(theirs)
          ? undefined
          : Math.min(Duration.toMillis(Headers.retryAfterDelay(theirs.success, at)), 86_400_000)
        const ours = parseRetryAfter(text, at)
        expect(ours === undefined ? undefined : Duration.toMillis(ours), text).toBe(expected)
      }),
      { numRuns: 2_000 }
    )
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
