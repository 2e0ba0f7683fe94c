import { inspect } from "node:util"
import { describeFailure, toProblem } from "@faultline/core"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { maxCodeLength } from "../src/code.js"
import { decodeError } from "../src/decodeError.js"
import { maxEntries } from "../src/envelope.js"

const secret = "UPSTREAM-SECRET-TEXT"
const json = (errors: unknown) => JSON.stringify({ errors })
const millis = (d: Duration.Duration | undefined) => (d === undefined ? undefined : Duration.toMillis(d))

describe("decodeError", () => {
  it("returns undefined for every 2xx", () => {
    for (const status of [200, 201, 204, 299]) {
      expect(decodeError({ status, body: json([{ code: "pending_reissue" }]) })).toBeUndefined()
    }
  })

  it("keeps every entry, the first as the primary reason", () => {
    const error = decodeError({
      status: 400,
      body: json([
        { code: "rfc5280_common_name_too_long", message: secret },
        { code: "invalid_value:dcv_method", message: secret },
        { code: "brand_new_code", message: secret }
      ])
    })
    expect(error?.reasons.map((r) => r._tag)).toEqual([
      "Rfc5280CommonNameTooLong",
      "InvalidValue",
      "Unrecognized"
    ])
    expect(error?.reason).toBe(error?.reasons[0])
    expect(error?.upstreamStatus).toBe(400)
    expect(describeFailure(error!).codes).toEqual([
      "rfc5280_common_name_too_long",
      "invalid_value:dcv_method",
      expect.stringMatching(/^unrecognized#[0-9a-f]{8}$/)
    ])
  })

  it("trims codes and splits qualifiers and parameters", () => {
    const error = decodeError({
      status: 400,
      body: json([{ code: "  not_found | order\n" }, { code: "\trequired_param: organization.id " }])
    })
    expect(error?.reasons[0]?._tag).toBe("NotFoundOrder")
    expect(error?.reasons[0]?.code).toBe("not_found|order")
    const required = error?.reasons[1]
    expect(required?._tag).toBe("RequiredParam")
    if (required?._tag !== "RequiredParam") throw new Error("unreachable")
    expect(required.param).toBe("organization.id")
    expect(required.issues).toEqual([{ param: "organization.id", code: "required_param" }])
  })

  it("keeps every invalid-input entry of a multi-error 400 as a rejected field", () => {
    const error = decodeError({
      status: 400,
      body: json([
        { code: "rfc5280_common_name_too_long", message: secret },
        { code: "csr_invalid_cannot_parse", message: secret },
        { code: "invalid_value:dcv_method", message: secret },
        { code: "rfc5280_org_unit_too_long", message: secret },
        { code: "email_not_valid_email_format", message: secret },
        { code: "pending_reissue", message: secret },
        { code: "brand_new_code", message: secret }
      ])
    })
    const en = toProblem(error)
    expect(en.status).toBe(400)
    expect(en.body.errors).toEqual([
      {
        param: "certificate.common_name",
        code: "rfc5280_common_name_too_long",
        detail: "The common name must be at most 64 characters."
      },
      {
        param: "certificate.csr",
        code: "csr_invalid_cannot_parse",
        detail: "The certificate signing request could not be parsed."
      },
      { param: "dcv_method", code: "invalid_value", detail: "The value of dcv_method is not valid." },
      {
        code: "rfc5280_org_unit_too_long",
        detail: "The organization unit must be at most 64 characters."
      },
      { code: "email_not_valid_email_format", detail: "An email address in the request is not well formed." }
    ])
    const ja = toProblem(error, { locale: "ja" })
    expect(ja.body.errors?.map((e) => e.detail)).toEqual([
      "コモンネームは 64 文字以内にしてください。",
      "証明書署名要求 (CSR) を解析できませんでした。",
      "dcv_method の値が正しくありません。",
      "組織の部門名は 64 文字以内にしてください。",
      "リクエスト内のメールアドレスの形式が正しくありません。"
    ])
    expect(JSON.stringify([en, ja])).not.toContain(secret)
  })

  it("gives a field issue to no reason outside invalid-input", () => {
    const error = decodeError({
      status: 400,
      body: json([
        { code: "invalid_dns_txt" },
        { code: "product_not_allowed" },
        { code: "bad_request_format" }
      ])
    })
    expect(error?.reasons.flatMap((r) => r.issues ?? [])).toEqual([])
  })

  it("turns parameters into the problem's errors[].param", () => {
    const error = decodeError({ status: 400, body: json([{ code: "invalid_chars:common_name" }]) })
    const problem = toProblem(error, { locale: "ja" })
    expect(problem.status).toBe(400)
    expect(problem.body.errors).toEqual([
      {
        param: "common_name",
        code: "invalid_chars",
        detail: "common_name に使用できない文字が含まれています。"
      }
    ])
  })

  it("drops a parameter that is not a plain name (it would reach the caller)", () => {
    for (const code of [
      "invalid_value:<script>alert(1)</script>",
      "invalid_value:",
      `invalid_value:${"a".repeat(90)}`
    ]) {
      const reason = decodeError({ status: 400, body: json([{ code }]) })?.reason
      expect(reason?._tag).toBe("InvalidValue")
      if (reason?._tag !== "InvalidValue") throw new Error("unreachable")
      expect(reason.param).toBeUndefined()
      // The entry still counts as a rejected field, under our code and text only.
      expect(reason.issues).toEqual([{ code: "invalid_value", text: reason.text }])
      const problem = toProblem(decodeError({ status: 400, body: json([{ code }]) }))
      expect(JSON.stringify(problem)).not.toContain("script")
      expect(problem.body.errors).toEqual([
        { code: "invalid_value", detail: "A value in the request is not valid." }
      ])
    }
  })

  it("keeps unknown codes raw and bounded", () => {
    const long = `x${"y".repeat(5000)}`
    const reason = decodeError({ status: 400, body: json([{ code: long }]) })?.reason
    expect(reason?._tag).toBe("Unrecognized")
    expect(reason?.code).toMatch(/^unrecognized#[0-9a-f]{8}$/)
    expect(reason?.upstreamCode && Redacted.value(reason.upstreamCode)).toBe(long.slice(0, maxCodeLength))
    expect(reason?.category).toBe("upstream-error")
    expect(reason?.retry).toBe("never")
  })

  it("lets the status decide for an unknown code under a 429 or 5xx", () => {
    expect(decodeError({ status: 429, body: json([{ code: "slow_down" }]) })?.reason).toMatchObject({
      _tag: "Unrecognized",
      category: "throttled",
      retry: "safe"
    })
    expect(decodeError({ status: 503, body: json([{ code: "maint" }]) })?.reason).toMatchObject({
      category: "unavailable"
    })
    expect(decodeError({ status: 500, body: json([{ code: "oops" }]) })?.reason).toMatchObject({
      category: "upstream-error",
      retry: "idempotent-only"
    })
  })

  it("accepts errors as a single object or a map of entries", () => {
    expect(
      decodeError({ status: 400, body: JSON.stringify({ errors: { code: "pending_reissue" } }) })?.reason._tag
    ).toBe("PendingReissue")
    const map = decodeError({
      status: 400,
      body: JSON.stringify({ errors: { a: { code: "protected_domain" }, b: { code: "csr_not_allowed" } } })
    })
    expect(map?.reasons.map((r) => r._tag)).toEqual(["ProtectedDomain", "CsrNotAllowed"])
  })

  it("accepts an already-parsed body and bytes", () => {
    expect(decodeError({ status: 404, body: { errors: [{ code: "not_found|order" }] } })?.reason._tag).toBe(
      "NotFoundOrder"
    )
    const bytes = new TextEncoder().encode(json([{ code: "invalid_dns_txt" }]))
    expect(decodeError({ status: 400, body: bytes })?.reason._tag).toBe("InvalidDnsTxt")
  })

  it.each([
    [
      "an HTML error page from a CDN",
      502,
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
      "ServerError",
      "upstream-error"
    ],
    ["an empty body", 503, "", "Unavailable", "unavailable"],
    ["truncated JSON", 500, '{"errors":[{"code":"pending_re', "ServerError", "upstream-error"],
    ["a gateway timeout", 504, "", "ServerError", "timeout"],
    ["a bare 429", 429, "Too Many Requests", "Throttled", "throttled"],
    ["a bare 401", 401, "", "UnexplainedStatus", "misconfigured"],
    // Without a code nobody said the caller's data was wrong: core's statusCategory decides.
    ["a 400 HTML page", 400, "<html>", "UnexplainedStatus", "upstream-error"],
    ["errors as a number", 400, '{"errors":42}', "UnexplainedStatus", "upstream-error"],
    [
      "entries without a code",
      400,
      '{"errors":[{"message":"x"},{"code":7},null,"  "]}',
      "UnexplainedStatus",
      "upstream-error"
    ],
    // A bare 404 is a URL we built wrong (a wrong baseUrl), never the caller's not-found.
    ["a bare 404 page", 404, "<html>Not Found</html>", "UnexplainedStatus", "misconfigured"],
    ["a bare 405", 405, "", "UnexplainedStatus", "misconfigured"],
    ["a bare 409", 409, "", "UnexplainedStatus", "upstream-error"],
    ["a bare 422", 422, "", "UnexplainedStatus", "upstream-error"],
    ["a JSON array body", 500, '[{"code":"pending_reissue"}]', "ServerError", "upstream-error"],
    ["a 3xx", 302, "", "UnexplainedStatus", "upstream-error"]
  ])("decodes %s by status", (_name, status, body, tag, category) => {
    const error = decodeError({ status, body })
    expect(error?.reason._tag).toBe(tag)
    expect(error?.reason.category).toBe(category)
    expect(error?.reason.code).toBe(`http_${status}`)
    expect(error?.reason.upstreamStatus).toBe(status)
  })

  it("decodes ArrayBuffer bodies and other byte views like Uint8Array", () => {
    const text = json([{ code: "invalid_dns_txt" }])
    const bytes = new TextEncoder().encode(text)
    const padded = new Uint8Array(bytes.byteLength + 8)
    padded.set(bytes, 4)
    for (const body of [
      bytes,
      bytes.buffer,
      new DataView(padded.buffer, 4, bytes.byteLength),
      Buffer.from(text)
    ]) {
      expect(decodeError({ status: 400, body })?.reason._tag).toBe("InvalidDnsTxt")
    }
    // A byte order mark before the envelope, as text or bytes, is skipped.
    expect(decodeError({ status: 400, body: `\uFEFF${text}` })?.reason._tag).toBe("InvalidDnsTxt")
    expect(
      decodeError({ status: 400, body: new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) })?.reason._tag
    ).toBe("InvalidDnsTxt")
    const big = new ArrayBuffer(64)
    expect(decodeError({ status: 400, body: big }, { maxBodyLength: 10 })?.reason._tag).toBe(
      "UnexplainedStatus"
    )
  })

  it("rejects megabytes of garbage without parsing and without throwing", () => {
    const garbage = "\u0000{[".repeat(3 * 1024 * 1024)
    expect(decodeError({ status: 500, body: garbage })?.reason._tag).toBe("ServerError")
    // A well-formed but oversized envelope is not parsed either: it decodes by status.
    const huge = json(
      Array.from({ length: 300_000 }, () => ({ code: "pending_reissue", message: "x".repeat(10) }))
    )
    expect(huge.length).toBeGreaterThan(8 * 1024 * 1024)
    expect(decodeError({ status: 400, body: huge })?.reason._tag).toBe("UnexplainedStatus")
  })

  it(`keeps at most ${maxEntries} entries`, () => {
    const many = json(Array.from({ length: 500 }, () => ({ code: "pending_reissue" })))
    expect(decodeError({ status: 400, body: many })?.reasons).toHaveLength(maxEntries)
  })

  it("does not let __proto__ keys pollute anything", () => {
    const body =
      '{"__proto__":{"polluted":"yes","errors":[{"code":"pending_reissue"}]},' +
      '"errors":[{"code":"invalid_dns_txt","__proto__":{"polluted":"yes","code":"x"}}],' +
      '"constructor":{"prototype":{"polluted":"yes"}}}'
    const error = decodeError({ status: 400, body })
    expect(error?.reason._tag).toBe("InvalidDnsTxt")
    expect(error?.reasons).toHaveLength(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(error?.reason)).not.toHaveProperty("polluted")
    const map = decodeError({ status: 400, body: '{"errors":{"__proto__":{"code":"pending_reissue"}}}' })
    expect(map?.reason._tag).toBe("PendingReissue")
    expect(({} as Record<string, unknown>).code).toBeUndefined()
  })

  describe("Retry-After", () => {
    const now = Date.parse("2026-11-21T12:00:00Z")
    const limited = json([{ code: "request_limit_exceeded" }])

    it("reads seconds, case-insensitively", () => {
      const error = decodeError({ status: 429, headers: { "Retry-After": "7" }, body: limited }, { now })
      expect(millis(error?.reason.retryAfter)).toBe(7000)
    })

    it("reads fetch's Headers", () => {
      const headers = new Headers({ "Retry-After": "3" })
      expect(millis(decodeError({ status: 429, headers, body: limited }, { now })?.reason.retryAfter)).toBe(
        3000
      )
    })

    it("reads an HTTP date relative to now", () => {
      const headers = { "retry-after": "Sat, 21 Nov 2026 12:00:30 GMT" }
      expect(millis(decodeError({ status: 429, headers, body: limited }, { now })?.reason.retryAfter)).toBe(
        30_000
      )
      expect(millis(decodeError({ status: 503, headers, body: "" }, { now })?.reason.retryAfter)).toBe(30_000)
    })

    it("falls back to the 5 second window for request_limit_exceeded and bare 429s", () => {
      expect(millis(decodeError({ status: 429, body: limited })?.reason.retryAfter)).toBe(5000)
      expect(
        millis(decodeError({ status: 429, headers: { "retry-after": "soon" }, body: "" })?.reason.retryAfter)
      ).toBe(5000)
    })

    it("falls back to the 5 second window for an unknown code under a 429", () => {
      const reason = decodeError({ status: 429, body: json([{ code: "slow_down" }]) })?.reason
      expect(reason?._tag).toBe("Unrecognized")
      expect(millis(reason?.retryAfter)).toBe(5000)
      const problem = toProblem(decodeError({ status: 429, body: json([{ code: "slow_down" }]) }))
      expect(problem.headers["retry-after"]).toBe("5")
    })

    it("attaches an upstream Retry-After only to reasons that may be retried", () => {
      const headers = { "retry-after": "9" }
      const error = decodeError(
        {
          status: 400,
          headers,
          body: json([{ code: "pending_reissue" }, { code: "invalid_value:x" }, { code: "brand_new" }])
        },
        { now }
      )
      expect(error?.reasons.map((r) => r.retry)).toEqual(["never", "never", "never"])
      expect(error?.reasons.map((r) => r.retryAfter)).toEqual([undefined, undefined, undefined])
      for (const status of [400, 404, 409, 422]) {
        expect(decodeError({ status, headers, body: "" }, { now })?.reason.retryAfter).toBeUndefined()
      }
      // Retried reasons keep it: unknown code under a 5xx, a bare 5xx, a 408.
      expect(
        millis(decodeError({ status: 502, headers, body: json(["oops"]) }, { now })?.reason.retryAfter)
      ).toBe(9000)
      expect(millis(decodeError({ status: 500, headers, body: "" }, { now })?.reason.retryAfter)).toBe(9000)
      expect(millis(decodeError({ status: 408, headers, body: "" }, { now })?.reason.retryAfter)).toBe(9000)
    })

    it("sets no retryAfter where nothing says so", () => {
      expect(
        decodeError({ status: 400, body: json([{ code: "pending_reissue" }]) })?.reason.retryAfter
      ).toBeUndefined()
    })
  })

  it("keeps the upstream message only as Redacted", () => {
    const error = decodeError({ status: 400, body: json([{ code: "protected_domain", message: secret }]) })
    const message = error?.reason.upstreamMessage
    expect(message && Redacted.value(message)).toBe(secret)
    for (const output of [
      String(error),
      error?.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(toProblem(error)),
      JSON.stringify(toProblem(error, { locale: "ja", exposeUpstreamCodes: true })),
      JSON.stringify(describeFailure(error!))
    ]) {
      expect(output).not.toContain(secret)
    }
  })

  it("never throws on hostile response objects", () => {
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error("boom")
        },
        ownKeys() {
          throw new Error("boom")
        }
      }
    )
    expect(decodeError({ status: 429, headers: throwing as never, body: "" })?.reason._tag).toBe("Throttled")
    expect(decodeError({ status: 400, body: throwing })?._tag).toBe("CertCentralError")
    expect(decodeError(null as never)?.reason._tag).toBe("UnexplainedStatus")
    expect(decodeError({ status: Number.NaN, body: "" })?.reason.upstreamStatus).toBeUndefined()
  })
})
