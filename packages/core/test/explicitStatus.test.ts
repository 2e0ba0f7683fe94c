import { describe, expect, it } from "vitest"
import { explicitStatus } from "../src/adapter/explicitStatus.js"
import { fail, one } from "../../acme/src/index.js"

// Shaped like NestJS's HttpException: the status is stated by a method.
class StatedException extends Error {
  constructor(private readonly stated: number) {
    super("stated")
  }
  getStatus() {
    return this.stated
  }
}

describe("explicitStatus", () => {
  it("reads status, else statusCode, as the http-errors convention (400-599)", () => {
    expect(explicitStatus(Object.assign(new Error("locked"), { status: 423 }))).toBe(423)
    expect(explicitStatus(Object.assign(new Error("gone"), { statusCode: 410 }))).toBe(410)
    expect(explicitStatus({ status: 503, statusCode: 500 })).toBe(503)
    expect(explicitStatus({ status: 200, statusCode: 409 })).toBe(409)
  })

  it("reads a stated status of any class, as Nest answers an HttpException with it", () => {
    expect(explicitStatus(new StatedException(418))).toBe(418)
    expect(explicitStatus(new StatedException(302))).toBe(302)
    expect(explicitStatus(new StatedException(42))).toBeUndefined()
  })

  it("finds no explicit answer in other values", () => {
    for (const value of [
      undefined,
      null,
      423,
      "423",
      new Error("plain"),
      { status: 200 },
      { status: 600 },
      { status: 423.5 },
      { status: "423" },
      { statusCode: 399 }
    ]) {
      expect(explicitStatus(value), String(value)).toBeUndefined()
    }
  })

  it("never treats a faultline failure as the app's answer, even if something put a status on it", () => {
    expect(explicitStatus(Object.assign(fail(one.timeout()), { status: 418 }))).toBeUndefined()
  })

  it("survives hostile getters", () => {
    const hostile = Object.defineProperty({}, "status", {
      get: () => {
        throw new Error("boom")
      }
    })
    expect(explicitStatus(hostile)).toBeUndefined()
    expect(
      explicitStatus({
        getStatus: () => {
          throw new Error("boom")
        }
      })
    ).toBeUndefined()
  })
})
