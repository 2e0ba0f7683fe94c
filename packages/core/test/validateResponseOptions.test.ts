import { describe, expect, it } from "vitest"
import { toProblem } from "../src/toProblem.js"
import { validateResponseOptions } from "../src/validateResponseOptions.js"
import { fail, one } from "../../acme/src/index.js"

describe("validateResponseOptions", () => {
  it("accepts the defaults and sensible options, returning them unchanged", () => {
    const options = {
      requestIdHeader: "X-Correlation-Id",
      upstreamRequestIdHeader: false as const,
      statusByCategory: { throttled: 429, "upstream-error": 500 },
      locale: "ja" as const,
      onFailure: () => {}
    }
    expect(validateResponseOptions(options)).toBe(options)
    expect(validateResponseOptions({})).toEqual({})
  })

  it.each([
    [{ requestIdHeader: "" }, /requestIdHeader/],
    [{ requestIdHeader: "X Bad" }, /requestIdHeader/],
    [{ upstreamRequestIdHeader: "X-Id\r\nSet-Cookie: a=b" }, /upstreamRequestIdHeader/],
    [{ requestIdHeader: "Content-Type" }, /sets itself/],
    [{ upstreamRequestIdHeader: "retry-after" }, /sets itself/],
    [{ requestIdHeader: "X-Id", upstreamRequestIdHeader: "x-id" }, /must differ/],
    [{ statusByCategory: { conflict: 200 } }, /statusByCategory.conflict/],
    [{ statusByCategory: { conflict: 409.5 } }, /statusByCategory.conflict/],
    [{ statusByCategory: { conflicts: 409 } }, /unknown category/],
    [{ locale: "fr" }, /locale/],
    [{ onFailure: "log" }, /onFailure/]
  ])("rejects %j", (options, message) => {
    expect(() => validateResponseOptions(options as never)).toThrow(message)
  })
})

describe("statusByCategory and misconfigured failures", () => {
  it("answers a misconfiguration with upstream-error's status when only that is changed", () => {
    const options = { statusByCategory: { "upstream-error": 500 } }
    expect(toProblem(fail(one.misconfigured()), options).status).toBe(500)
    expect(toProblem(fail(one["upstream-error"]()), options).status).toBe(500)
    expect(toProblem(fail(one.misconfigured()), { statusByCategory: { misconfigured: 503 } }).status).toBe(
      503
    )
  })
})
