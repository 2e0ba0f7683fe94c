import { describeFailure, toProblem } from "@faultline/core"
import { describe, expect, it } from "vitest"
import { decodeError } from "../src/decodeError.js"

const body = (type: string, list?: ReadonlyArray<object>) =>
  JSON.stringify({
    ErrorResponse: {
      RequestId: "REQ1",
      ErrorType: type,
      ErrorMessage: "m",
      ...(list ? { ErrorDetail: { ErrorList: list } } : {})
    }
  })

// Regression tests for issue 12: a RecordValidateError ErrorCode was copied into errors[].code and
// into the detail sentence; an unknown ErrorType into exposeUpstreamCodes and the logs.
describe("only catalogued record codes go downstream", () => {
  it("turns an uncatalogued ErrorCode into the generic issue", () => {
    for (const code of ["admin@corp.example", "AKIAIOSFODNN7EXAMPLE", "INVALID_TTL"]) {
      const error = decodeError({
        status: 200,
        body: body("RecordValidateError", [{ Line: "x", ErrorCode: code }])
      })!
      for (const options of [{}, { exposeUpstreamCodes: true }, { locale: "ja" as const }]) {
        const problem = toProblem(error, options)
        expect(JSON.stringify(problem)).not.toContain(code)
        expect(problem.body.errors?.[0]?.code).toBe("invalid_record")
      }
      expect(JSON.stringify(describeFailure(error))).not.toContain(code)
      expect(JSON.stringify(error)).not.toContain(code)
    }
  })

  it("keeps a catalogued ErrorCode, with our words", () => {
    const error = decodeError({
      status: 200,
      body: body("RecordValidateError", [{ Line: "x", ErrorCode: "RESERVED_V4ADDRESS" }])
    })!
    expect(toProblem(error).body.errors).toEqual([
      {
        param: "records[0]",
        code: "RESERVED_V4ADDRESS",
        detail: "The DNS service rejected this record: its IPv4 address is in a reserved range."
      }
    ])
  })

  it("logs an unknown ErrorType with a hash and sends the placeholder downstream", () => {
    const error = decodeError({ status: 200, body: body("Mail.admin@corp.example") })!
    expect(error.reason.code).toMatch(/^unrecognized#[0-9a-f]{8}$/)
    expect(error.message).not.toContain("admin@")
    expect(toProblem(error, { exposeUpstreamCodes: true }).body.upstream).toEqual({
      vendor: "do-api",
      code: "unrecognized"
    })
  })
})
