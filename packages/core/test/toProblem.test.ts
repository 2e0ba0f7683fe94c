import * as Duration from "effect/Duration"
import { describe, expect, it } from "vitest"
import { type Category, categories } from "../src/Category.js"
import { FailureTypeId } from "../src/UpstreamFailure.js"
import { internalProblem, type ProblemOptions, problemOf, toProblem } from "../src/toProblem.js"
import { AcmeError, BadField, BadKey, fail, one, Throttled } from "../../acme/src/index.js"

const expected: { readonly [C in Category]: readonly [number, string] } = {
  "invalid-input": [400, "invalid_input"],
  "not-found": [404, "not_found"],
  conflict: [409, "conflict"],
  rejected: [422, "unprocessable"],
  throttled: [503, "upstream_throttled"],
  unavailable: [503, "upstream_unavailable"],
  timeout: [504, "upstream_timeout"],
  "upstream-error": [502, "upstream_error"],
  misconfigured: [502, "upstream_error"]
}

describe("toProblem", () => {
  it.each(categories)("maps %s to its status and stable code", (category) => {
    const [status, code] = expected[category]
    const problem = toProblem(fail(one[category]()), { instance: "req-1" })
    expect(problem.status).toBe(status)
    expect(problem.body).toMatchObject({
      status,
      code,
      type: `urn:faultline:problem:${code}`,
      instance: "req-1"
    })
    expect(problem.headers["content-type"]).toBe("application/problem+json")
    expect(problem.headers["x-request-id"]).toBe("req-1")
  })

  it("uses the reason's own text, localized", () => {
    const en = toProblem(fail(one["invalid-input"]()), { acceptLanguage: "fr, en;q=0.5" })
    const ja = toProblem(fail(one["invalid-input"]()), { acceptLanguage: "ja-JP, en;q=0.5" })
    expect(en.body).toMatchObject({ title: "BadField title", detail: "BadField detail" })
    expect(ja.body).toMatchObject({ title: "BadField 題名", detail: "BadField 詳細" })
  })

  it("falls back to the category text when a reason has none", () => {
    expect(toProblem(fail(one["not-found"]()), { locale: "ja" }).body.title).toBe("見つかりません")
  })

  it("lists the rejected fields of every reason for invalid input", () => {
    const second = new BadField({
      param: "csr",
      upstreamStatus: 400,
      issues: [{ param: "csr", code: "required_param" }]
    })
    const error = new AcmeError({
      reason: one["invalid-input"](),
      reasons: [one["invalid-input"](), second],
      upstreamStatus: 400
    })
    expect(toProblem(error).body.errors).toEqual([
      { param: "name", code: "invalid_value", detail: "The value of name is not valid." },
      { param: "csr", code: "required_param", detail: "csr is required." }
    ])
    expect(toProblem(error, { locale: "ja" }).body.errors?.[1]?.detail).toBe("csr は必須です。")
  })

  it("sends Retry-After in whole seconds, rounded up", () => {
    const problem = toProblem(fail(new Throttled({ upstreamStatus: 429, retryAfter: Duration.millis(4200) })))
    expect(problem.headers["retry-after"]).toBe("5")
    expect(problem.body.retryAfter).toBe(5)
  })

  it("shows only identifier-like issue codes, params and pointers, never upstream sentences", () => {
    const reason = new BadField({
      param: "x",
      upstreamStatus: 400,
      issues: [
        { param: "csr", code: "Key SECRET-abc revoked, call 555" },
        { param: "name of SECRET-def", code: "invalid_value" },
        { pointer: "/certificate/common_name", code: "too_long" },
        { pointer: "/a b/SECRET-ghi", code: "E_1" }
      ]
    })
    const problem = toProblem(fail(reason))
    expect(JSON.stringify(problem)).not.toContain("SECRET")
    expect(problem.body.errors).toEqual([
      { param: "csr", code: "invalid", detail: "This value was rejected." },
      { code: "invalid_value", detail: "This value was rejected." },
      { pointer: "/certificate/common_name", code: "too_long", detail: "This value was rejected." },
      { code: "E_1", detail: "This value was rejected." }
    ])
  })

  it("sends Retry-After only with a 503 or 429, whatever the reason carries", () => {
    const wait = Duration.seconds(30)
    const field = new BadField({ param: "csr", upstreamStatus: 400, retryAfter: wait })
    const key = new BadKey({ upstreamStatus: 403, retryAfter: wait })
    for (const reason of [field, key]) {
      const problem = toProblem(fail(reason))
      expect(problem.headers["retry-after"]).toBeUndefined()
      expect(problem.body.retryAfter).toBeUndefined()
    }
    const throttled = fail(new Throttled({ upstreamStatus: 429, retryAfter: wait }))
    expect(toProblem(throttled).headers["retry-after"]).toBe("30")
    expect(toProblem(throttled, { statusByCategory: { throttled: 429 } }).headers["retry-after"]).toBe("30")
    expect(
      toProblem(throttled, { statusByCategory: { throttled: 502 } }).headers["retry-after"]
    ).toBeUndefined()
  })

  it("hides every trace of a misconfiguration, even with upstream codes exposed", () => {
    const problem = toProblem(fail(new BadKey({ upstreamStatus: 401 })), { exposeUpstreamCodes: true })
    expect(problem.body).toEqual(
      toProblem(fail(one["upstream-error"]()), { exposeUpstreamCodes: false }).body
    )
    expect(JSON.stringify(problem)).not.toMatch(/badkey|401|acme/i)
  })

  it("exposes upstream codes only when asked", () => {
    expect(toProblem(fail(one.rejected())).body.upstream).toBeUndefined()
    expect(toProblem(fail(one.rejected()), { exposeUpstreamCodes: true }).body.upstream).toEqual({
      vendor: "acme",
      code: "refused"
    })
  })

  it("carries the upstream request id in a configurable header", () => {
    const error = fail(one.conflict())
    expect(toProblem(error).headers["x-upstream-request-id"]).toBe("req-0001")
    expect(toProblem(error, { upstreamRequestIdHeader: "X-DO-Request" }).headers["x-do-request"]).toBe(
      "req-0001"
    )
    expect(Object.keys(toProblem(error, { upstreamRequestIdHeader: false }).headers)).not.toContain(
      "x-upstream-request-id"
    )
  })

  it("honours status overrides within 4xx/5xx only", () => {
    const error = fail(one.throttled())
    expect(toProblem(error, { statusByCategory: { throttled: 429 } }).status).toBe(429)
    expect(toProblem(error, { statusByCategory: { throttled: 200 } }).status).toBe(503)
  })

  it("answers a generic 500 for anything that is not an upstream failure", () => {
    const problem = toProblem(new Error("database password is hunter2"), {
      typeBaseUri: "https://errors.example/"
    })
    expect(problem.status).toBe(500)
    expect(problem.body).toMatchObject({
      code: "internal_error",
      type: "https://errors.example/internal_error"
    })
    expect(JSON.stringify(problem)).not.toContain("hunter2")
  })

  it("drops a malformed instance instead of echoing it into headers", () => {
    const problem = toProblem(fail(one.conflict()), { instance: "bad\r\nSet-Cookie: x=1" })
    expect(problem.body.instance).toBeUndefined()
    expect(problem.headers["x-request-id"]).toBeUndefined()
  })
})

describe("problemOf: a failure already found", () => {
  const options: ProblemOptions = {
    instance: "req-9",
    acceptLanguage: "ja",
    statusByCategory: { conflict: 423 },
    typeBaseUri: "https://errors.example/",
    exposeUpstreamCodes: true,
    requestIdHeader: "X-Correlation-Id",
    upstreamRequestIdHeader: "X-Vendor-Id"
  }

  it.each(categories)("gives what toProblem gives for a %s failure", (category) => {
    const failure = fail(one[category]())
    expect(problemOf(failure, options)).toEqual(toProblem(failure, options))
    expect(problemOf(failure)).toEqual(toProblem(failure))
  })

  it("does not search the failure again: its type id is never read", () => {
    let reads = 0
    const failure = new Proxy(fail(one.conflict()), {
      get: (target, key, receiver) => {
        if (key === FailureTypeId) reads++
        return Reflect.get(target, key, receiver)
      }
    })
    const problem = problemOf(failure, options)
    expect(reads).toBe(0)
    expect(problem.status).toBe(423)
    expect(problem.headers["x-vendor-id"]).toBe("req-0001")
    // toProblem searches, once.
    toProblem(failure, options)
    expect(reads).toBe(1)
  })

  it("leaves the generic 500 to internalProblem, which toProblem gives for anything else", () => {
    expect(internalProblem(options)).toEqual(toProblem(new Error("not ours"), options))
    expect(internalProblem(options).body).toMatchObject({
      status: 500,
      code: "internal_error",
      type: "https://errors.example/internal_error",
      instance: "req-9"
    })
  })
})
