import { describe, expect, it } from "vitest"
import { orderInstant } from "../src/orderInstant.js"

describe("orderInstant", () => {
  it("reads DigiCert's dates with an offset or Z as the same instant in every time zone", () => {
    const zone = process.env.TZ
    try {
      for (const tz of ["UTC", "Asia/Tokyo", "America/New_York"]) {
        process.env.TZ = tz
        expect(orderInstant("2018-10-16T17:29:56+00:00"), tz).toBe(Date.UTC(2018, 9, 16, 17, 29, 56))
        expect(orderInstant("2018-10-17T02:29:56+09:00"), tz).toBe(Date.UTC(2018, 9, 16, 17, 29, 56))
        expect(orderInstant("2018-10-16T17:29:56Z"), tz).toBe(Date.UTC(2018, 9, 16, 17, 29, 56))
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  it("reads a date without a zone, or no date, as unknown (NaN), never as local time", () => {
    for (const text of ["2018-10-16T17:29:56", "2018-10-16 17:29:56", "2018-10-16", "", "soon", undefined]) {
      expect(orderInstant(text)).toBeNaN()
    }
  })
})
