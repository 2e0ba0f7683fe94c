import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DoApiError, decodeError } from "../src/index.js"

const errorTypes = fc.constantFrom(
  "BadRequest",
  "RequestExpired",
  "AuthFailure",
  "SignatureDoesNotMatch",
  "ParameterError",
  "RequestRunning",
  "SystemError",
  "Timeout",
  "StatusError",
  "RecordValidateError",
  "MonitoringFailed",
  "ResourceNotExist",
  "UnrelateError",
  "__proto__",
  "constructor"
)

// ErrorResponse-shaped values with arbitrary leaves, so the decoder is exercised past the first check.
const shaped = fc.record({
  ErrorResponse: fc.record(
    {
      RequestId: fc.oneof(fc.string(), fc.anything()),
      ErrorType: fc.oneof(errorTypes, fc.string(), fc.anything()),
      ErrorMessage: fc.anything(),
      ErrorDetail: fc.oneof(fc.anything(), fc.record({ ErrorList: fc.array(fc.anything()) }))
    },
    { requiredKeys: [] }
  )
})

describe("decodeError is total", () => {
  it("never throws and returns a DoApiError or undefined", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.anything()),
        fc.oneof(
          fc.anything(),
          fc.json(),
          shaped,
          shaped.map((v) => JSON.stringify(v))
        ),
        fc.anything(),
        (status, body, headers) => {
          const result = decodeError({ status: status as number, body, headers })
          expect(result === undefined || result instanceof DoApiError).toBe(true)
          if (result !== undefined) {
            expect(typeof result.reason.code).toBe("string")
            expect(result.message.length).toBeLessThan(200)
          }
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("is an error for every non-2xx status", () => {
    fc.assert(
      fc.property(fc.integer({ min: 300, max: 599 }), fc.anything(), (status, body) => {
        expect(decodeError({ status, body })).toBeInstanceOf(DoApiError)
      })
    )
  })
})
