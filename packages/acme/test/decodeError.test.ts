import { acmeErrorBody, acmeErrorStatuses } from "@faultline/testing"
import { describe, expect, it } from "vitest"
import { byCode } from "../src/catalogue.js"
import { decodeError } from "../src/index.js"

describe("decodeError", () => {
  it.each(Object.entries(acmeErrorStatuses))("%s (%i) decodes to its catalogue reason", (code, status) => {
    const error = decodeError({ status, body: acmeErrorBody(code) })
    expect(error?.reason._tag).toBe(byCode.get(code)?.tag)
    expect(error?.reason.code).toBe(code)
    expect(error?.upstreamStatus).toBe(status)
  })

  it("reads a bare status as core does, coded http_<n>", () => {
    const error = decodeError({ status: 502, body: "<html>Bad gateway</html>" })
    expect(error?.reason).toMatchObject({
      _tag: "Unrecognized",
      code: "http_502",
      category: "upstream-error",
      retry: "idempotent-only"
    })
  })

  it("keeps an unknown code only as a hash", () => {
    const error = decodeError({ status: 400, body: acmeErrorBody("secret@example.com") })
    expect(error?.reason._tag).toBe("Unrecognized")
    expect(error?.reason.code).toMatch(/^unrecognized#[0-9a-f]{8}$/)
  })

  it("is undefined for a success and never throws", () => {
    expect(decodeError({ status: 200, body: "{}" })).toBeUndefined()
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom")
        }
      }
    )
    expect(decodeError(hostile as never)?.reason._tag).toBe("Unrecognized")
  })
})
