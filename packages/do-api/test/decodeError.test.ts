import { describeFailure, toProblem } from "@faultline/core"
import * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { catalogue, clientReasons } from "../src/catalogue.js"
import { DoApiError, decodeError, requestIdOf } from "../src/index.js"

const rid = "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c5d6-e7f8a9b0"
const errorResponse = (type: string, message: string, extra: object = {}) => ({
  ErrorResponse: { RequestId: rid, ErrorType: type, ErrorMessage: message, ...extra }
})

interface Row {
  readonly name: string
  readonly status: number
  readonly body: unknown
  readonly reason: string
  readonly category: string
  readonly retry: string
  readonly downstream: number
  readonly requestId: string | undefined
  readonly extra?: Record<string, unknown>
}

// Every error of IIJ's page (seeds/004), as status + body.
const rows: ReadonlyArray<Row> = [
  {
    name: "not HTTP/1.1",
    status: 505,
    body: "",
    reason: "NotHttp11",
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: undefined
  },
  {
    name: "bad URL / API / APIVersion / method",
    status: 404,
    body: undefined,
    reason: "UrlNotFound",
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: undefined
  },
  {
    name: "https required",
    status: 403,
    body: "",
    reason: "HttpsRequired",
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: undefined
  },
  ...(
    [
      ["Signature is not valid.", "Signature"],
      ["Signature method is not valid.", "SignatureMethod"],
      ["Signature version is not valid.", "SignatureVersion"],
      ["Expire is not valid.", "Expire"]
    ] as const
  ).map(
    ([message, field]): Row => ({
      name: `BadRequest: ${message}`,
      status: 400,
      body: errorResponse("BadRequest", message),
      reason: "BadRequest",
      category: "misconfigured",
      retry: "never",
      downstream: 502,
      requestId: rid,
      extra: { field }
    })
  ),
  {
    name: "RequestExpired",
    status: 400,
    body: errorResponse("RequestExpired", "The request has expired."),
    reason: "RequestExpired",
    category: "misconfigured",
    retry: "safe",
    downstream: 502,
    requestId: rid
  },
  {
    name: "AuthFailure",
    status: 401,
    body: errorResponse("AuthFailure", "Unable to validate the provided access credentials."),
    reason: "AuthFailure",
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: rid
  },
  {
    name: "SignatureDoesNotMatch",
    status: 403,
    body: errorResponse(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided."
    ),
    reason: "SignatureDoesNotMatch",
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: rid
  },
  {
    name: "ParameterError: invalid",
    status: 400,
    body: errorResponse("ParameterError", "There are invalid parameters."),
    reason: "ParameterError",
    category: "invalid-input",
    retry: "never",
    downstream: 400,
    requestId: rid,
    extra: { problem: "invalid" }
  },
  {
    name: "ParameterError: duplicated",
    status: 400,
    body: errorResponse("ParameterError", "Duplicated parameter found."),
    reason: "ParameterError",
    // Our client writes the JSON: a duplicate is our bug, hidden downstream like other misconfigurations.
    category: "misconfigured",
    retry: "never",
    downstream: 502,
    requestId: rid,
    extra: { problem: "duplicated" }
  },
  {
    name: "ParameterError: API-specific, 200",
    status: 200,
    body: errorResponse("ParameterError", "Owner is too long."),
    reason: "ParameterError",
    category: "invalid-input",
    retry: "never",
    downstream: 400,
    requestId: rid,
    extra: { problem: "other" }
  },
  {
    name: "RequestRunning (200)",
    status: 200,
    body: errorResponse("RequestRunning", "Other request running."),
    reason: "RequestRunning",
    category: "conflict",
    retry: "safe",
    downstream: 409,
    requestId: rid
  },
  {
    name: "SystemError",
    status: 500,
    body: errorResponse("SystemError", "System error occurred."),
    reason: "SystemError",
    category: "upstream-error",
    retry: "idempotent-only",
    downstream: 502,
    requestId: rid
  },
  {
    name: "Timeout",
    status: 503,
    body: errorResponse("Timeout", "System is busy."),
    reason: "Timeout",
    category: "timeout",
    retry: "idempotent-only",
    downstream: 504,
    requestId: rid
  },
  {
    name: "StatusError (maintenance)",
    status: 403,
    body: errorResponse("StatusError", "Service is stopping by maintenance."),
    reason: "StatusError",
    category: "unavailable",
    retry: "safe",
    downstream: 503,
    requestId: rid
  },
  {
    name: "RecordValidateError",
    status: 200,
    body: errorResponse("RecordValidateError", "Record validation failed.", {
      ErrorDetail: {
        ErrorList: [
          { Line: "www 28800 IN A     192.0.2.1\n", ErrorCode: "RESERVED_V4ADDRESS" },
          { Line: "mail 300 IN MX 10 mx\n", ErrorCode: "SOME_FUTURE_CODE" }
        ]
      }
    }),
    reason: "RecordValidateError",
    category: "invalid-input",
    retry: "never",
    downstream: 400,
    requestId: rid
  },
  {
    name: "MonitoringFailed",
    status: 200,
    body: errorResponse("MonitoringFailed", "Monitoring failed.", {
      ErrorDetail: {
        ErrorList: [
          { MonitoringType: "PING", MonitoringId: "5", Address: "192.0.2.1" },
          { MonitoringType: "NEW", Address: "2001:db8::1" }
        ]
      }
    }),
    reason: "MonitoringFailed",
    category: "conflict",
    retry: "never",
    downstream: 409,
    requestId: rid
  },
  {
    name: "ResourceNotExist (200)",
    status: 200,
    body: errorResponse("ResourceNotExist", "Resource does not exist."),
    reason: "ResourceNotExist",
    category: "not-found",
    retry: "never",
    downstream: 404,
    requestId: rid
  },
  {
    name: "UnrelateError (200)",
    status: 200,
    body: errorResponse("UnrelateError", "Resources are not related."),
    reason: "UnrelateError",
    category: "conflict",
    retry: "never",
    downstream: 409,
    requestId: rid
  },
  {
    name: "unknown ErrorType at 200",
    status: 200,
    body: errorResponse("BrandNewError", "?"),
    reason: "Unrecognized",
    category: "upstream-error",
    retry: "never",
    downstream: 502,
    requestId: rid,
    // An unknown ErrorType is upstream text: a placeholder and a hash, the raw one kept redacted.
    extra: { code: "unrecognized#71fa5946" }
  },
  {
    name: "HTML error page at 502",
    status: 502,
    body: "<html><body>Bad Gateway</body></html>",
    reason: "Unrecognized",
    category: "upstream-error",
    retry: "idempotent-only",
    downstream: 502,
    requestId: undefined,
    extra: { code: "http_502" }
  }
]

describe("decodeError over every documented DO-API error", () => {
  it.each(rows)("$name", (row) => {
    for (const body of [row.body, typeof row.body === "object" ? JSON.stringify(row.body) : row.body]) {
      const error = decodeError({ status: row.status, body })
      expect(error).toBeInstanceOf(DoApiError)
      expect(error!._tag).toBe("DoApiError")
      expect(error!.reason._tag).toBe(row.reason)
      expect(error!.reason.vendor).toBe("do-api")
      expect(error!.reason.category).toBe(row.category)
      expect(error!.reason.retry).toBe(row.retry)
      expect(error!.reason.upstreamStatus).toBe(row.status)
      expect(error!.upstreamStatus).toBe(row.status)
      expect(error!.reason.requestId).toBe(row.requestId)
      expect(error!.requestId).toBe(row.requestId)
      for (const [key, value] of Object.entries(row.extra ?? {})) {
        expect((error!.reason as unknown as Record<string, unknown>)[key]).toBe(value)
      }
      const problem = toProblem(error, { acceptLanguage: "ja" })
      expect(problem.status).toBe(row.downstream)
      if (row.requestId !== undefined) expect(problem.headers["x-upstream-request-id"]).toBe(row.requestId)
      expect(describeFailure(error!).upstreamRequestId).toBe(row.requestId)
    }
  })

  it("covers every class of the catalogue", () => {
    const seen = new Set(rows.map((row) => row.reason))
    const decodable = catalogue.filter((klass) => !clientReasons.includes(klass))
    expect(decodable.map((klass) => klass.tag).filter((tag) => !seen.has(tag))).toEqual([])
  })

  it("keeps every RecordValidateError entry as an issue, the Line text Redacted", () => {
    const error = decodeError({
      status: 200,
      body: rows.find((r) => r.reason === "RecordValidateError")!.body
    })
    const reason = error!.reason
    if (reason._tag !== "RecordValidateError") throw new Error(`unexpected ${reason._tag}`)
    // Only catalogued record codes are kept as they are; the raw one of any other stays redacted.
    expect(reason.validations.map((v) => v.errorCode)).toEqual([
      "RESERVED_V4ADDRESS",
      expect.stringMatching(/^unrecognized#[0-9a-f]{8}$/)
    ])
    expect(Redacted.value(reason.validations[1]!.upstreamErrorCode!)).toBe("SOME_FUTURE_CODE")
    expect(Redacted.value(reason.validations[0]!.line!)).toBe("www 28800 IN A     192.0.2.1")
    expect(reason.issues).toHaveLength(2)
    const problem = toProblem(error)
    expect(problem.body.errors).toEqual([
      {
        param: "records[0]",
        code: "RESERVED_V4ADDRESS",
        detail: expect.stringContaining("reserved range")
      },
      { param: "records[1]", code: "invalid_record", detail: "The DNS service rejected this record." }
    ])
    expect(JSON.stringify(problem)).not.toContain("SOME_FUTURE_CODE")
    const downstream = JSON.stringify(problem)
    expect(downstream).not.toContain("192.0.2.1")
    expect(downstream).not.toContain("Record validation failed")
    expect(JSON.stringify(error)).not.toContain("192.0.2.1")
  })

  it("keeps every MonitoringFailed entry", () => {
    const error = decodeError({ status: 200, body: rows.find((r) => r.reason === "MonitoringFailed")!.body })
    const reason = error!.reason
    if (reason._tag !== "MonitoringFailed") throw new Error(`unexpected ${reason._tag}`)
    expect(reason.monitorings).toEqual([
      { monitoringType: "PING", monitoringId: "5", address: "192.0.2.1" },
      { monitoringType: "NEW", monitoringId: undefined, address: "2001:db8::1" }
    ])
  })

  it("never shows the upstream message downstream, in the message or in toJSON", () => {
    const error = decodeError({
      status: 400,
      body: errorResponse("ParameterError", "secret-ish upstream text")
    })!
    expect(Redacted.value(error.reason.upstreamMessage!)).toBe("secret-ish upstream text")
    expect(error.message).toBe("do-api ParameterError (invalid-input)")
    expect(JSON.stringify(error)).not.toContain("secret-ish")
    expect(JSON.stringify(toProblem(error))).not.toContain("secret-ish")
  })

  it("hides credential failures downstream behind the generic upstream error", () => {
    const error = decodeError({ status: 401, body: errorResponse("AuthFailure", "x") })
    const problem = toProblem(error, { exposeUpstreamCodes: true })
    expect(problem.body.code).toBe("upstream_error")
    expect(JSON.stringify(problem)).not.toMatch(/AuthFailure|credential|access key/i)
  })

  it("reads Retry-After from the headers; downstream it goes only with a 503", () => {
    const timeout = decodeError({
      status: 503,
      headers: { "Retry-After": "7" },
      body: errorResponse("Timeout", "System is busy.")
    })
    expect(Duration.toMillis(timeout!.reason.retryAfter!)).toBe(7000)
    // Timeout is a 504 downstream, where Retry-After means nothing.
    expect(toProblem(timeout).status).toBe(504)
    expect(toProblem(timeout).headers["retry-after"]).toBeUndefined()
    const maintenance = decodeError({
      status: 403,
      headers: new Headers({ "retry-after": "7" }),
      body: errorResponse("StatusError", "Service is stopping by maintenance.")
    })
    expect(toProblem(maintenance).status).toBe(503)
    expect(toProblem(maintenance).headers["retry-after"]).toBe("7")
  })

  it("keeps the decoded error when reading the headers throws", () => {
    const headers = {
      get() {
        throw new Error("boom")
      }
    }
    const error = decodeError({ status: 200, headers, body: errorResponse("RequestRunning", "x") })
    expect(error!.reason._tag).toBe("RequestRunning")
    expect(error!.reason.retry).toBe("safe")
    expect(error!.requestId).toBe(rid)
    expect(error!.reason.retryAfter).toBeUndefined()
    const throwingKeys = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("boom")
        }
      }
    )
    expect(
      decodeError({ status: 503, headers: throwingKeys, body: errorResponse("Timeout", "x") })!.reason._tag
    ).toBe("Timeout")
  })
})

describe("successes and edge cases", () => {
  it("returns undefined for successful bodies and reads their RequestId", () => {
    const body = { RequestId: rid, ZoneList: ["example.jp"] }
    expect(decodeError({ status: 200, body })).toBeUndefined()
    expect(decodeError({ status: 200, body: JSON.stringify(body) })).toBeUndefined()
    expect(requestIdOf(body)).toBe(rid)
    expect(requestIdOf(JSON.stringify(body))).toBe(rid)
    expect(requestIdOf(errorResponse("Timeout", "x"))).toBe(rid)
    expect(requestIdOf("not json")).toBeUndefined()
    expect(requestIdOf({ RequestId: "bad id\r\nX-Injected: 1" })).toBeUndefined()
  })

  it("ignores an empty ErrorResponse shell beside data at 200", () => {
    const body = {
      RequestId: rid,
      ErrorResponse: { RequestId: "", ErrorType: "", ErrorMessage: "" },
      Record: {}
    }
    expect(decodeError({ status: 200, body })).toBeUndefined()
  })

  it("is an error at a 4xx even with an empty ErrorResponse", () => {
    const error = decodeError({ status: 400, body: { ErrorResponse: {} } })
    expect(error!.reason._tag).toBe("Unrecognized")
    // Nothing says the caller's data was at fault: a bare 400 is an upstream error (core).
    expect(error!.reason.category).toBe("upstream-error")
    expect(error!.reason.retry).toBe("never")
  })

  it("is an error at 200 when the ErrorResponse has content but no string ErrorType", () => {
    for (const errorResponse of [
      { RequestId: rid, ErrorMessage: "Other request running." },
      { RequestId: rid, ErrorType: 42 },
      { RequestId: rid, ErrorType: "" },
      { ErrorMessage: "x" },
      { ErrorDetail: { ErrorList: [{ ErrorCode: "X" }] } },
      "Other request running."
    ]) {
      const error = decodeError({ status: 200, body: { RequestId: rid, ErrorResponse: errorResponse } })
      expect(error, JSON.stringify(errorResponse)).toBeInstanceOf(DoApiError)
      expect(error!.reason._tag).toBe("Unrecognized")
      expect(error!.reason.code).toBe("http_200")
      expect(error!.reason.category).toBe("upstream-error")
      expect(error!.reason.retry).toBe("never")
      expect(error!.requestId).toBe(rid)
      expect(toProblem(error).status).toBe(502)
    }
    for (const empty of [{}, null, "", { RequestId: " ", ErrorDetail: { ErrorList: [] } }]) {
      expect(decodeError({ status: 200, body: { RequestId: rid, ErrorResponse: empty } })).toBeUndefined()
    }
  })

  it("needs the real status: an empty 404 or 505 is no success", () => {
    expect(decodeError({ status: 404, body: "" })!.reason._tag).toBe("UrlNotFound")
    expect(decodeError({ status: 505, body: "" })!.reason._tag).toBe("NotHttp11")
    expect(decodeError({ status: 200, body: "" })).toBeUndefined()
  })

  it("does not read inherited or __proto__ keys", () => {
    const body = JSON.parse('{"__proto__": {"ErrorResponse": {"ErrorType": "Timeout"}}}')
    expect(decodeError({ status: 200, body })).toBeUndefined()
    const polluted = Object.create({ ErrorResponse: { ErrorType: "Timeout" } })
    expect(decodeError({ status: 200, body: polluted })).toBeUndefined()
    expect(({} as Record<string, unknown>).ErrorResponse).toBeUndefined()
  })

  it("bounds unknown codes and survives huge or hostile bodies", () => {
    const long = decodeError({ status: 200, body: errorResponse(`X${"y".repeat(10_000)}\u0000`, "m") })
    expect(long!.reason.code.length).toBeLessThanOrEqual(100)
    expect(long!.reason.message.length).toBeLessThan(200)
    const huge = decodeError({ status: 500, body: "x".repeat(9 * 1024 * 1024) })
    expect(huge!.reason.code).toBe("http_500")
    const hostile = {
      get status(): number {
        throw new Error("boom")
      },
      body: {}
    }
    expect(decodeError(hostile)!.reason._tag).toBe("Unrecognized")
  })

  it("drops malformed RequestIds", () => {
    const error = decodeError({
      status: 200,
      body: { ErrorResponse: { RequestId: "x".repeat(500), ErrorType: "RequestRunning" } }
    })
    expect(error!.requestId).toBeUndefined()
    expect(error!.reason._tag).toBe("RequestRunning")
  })
})
