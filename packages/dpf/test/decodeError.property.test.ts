import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DpfError, decodeError } from "../src/index.js"

const types = fc.constantFrom(
  "ParameterError",
  "NotFound",
  "NotAcceptable",
  "SystemBusy",
  "__proto__",
  "constructor"
)
const detail = fc.record(
  {
    code: fc.oneof(fc.constantFrom("invalid", "not_found", "duplicated"), fc.anything()),
    attribute: fc.anything()
  },
  { requiredKeys: [] }
)
// DPF-shaped bodies with arbitrary leaves, so the decoder is exercised past its first checks.
const shaped = fc.record(
  {
    request_id: fc.oneof(fc.string({ minLength: 32, maxLength: 32 }), fc.anything()),
    error_type: fc.oneof(types, fc.string(), fc.anything()),
    error_message: fc.anything(),
    error_details: fc.oneof(fc.array(fc.oneof(detail, fc.anything())), fc.anything()),
    block_id: fc.anything()
  },
  { requiredKeys: [] }
)

describe("decodeError is total", () => {
  it("never throws, and answers a DpfError for every status outside 2xx", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 100, max: 599 }), fc.anything()),
        fc.oneof(
          shaped,
          shaped.map((b) => JSON.stringify(b)),
          fc.string(),
          fc.anything()
        ),
        fc.anything(),
        (status, body, headers) => {
          const error = decodeError({ status: status as number, body, headers })
          const success =
            typeof status === "number" && Number.isInteger(status) && status >= 200 && status <= 299
          if (success) expect(error).toBeUndefined()
          else expect(error).toBeInstanceOf(DpfError)
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("survives hostile objects", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom")
        },
        has: () => {
          throw new Error("boom")
        }
      }
    )
    expect(decodeError(hostile as never)).toBeInstanceOf(DpfError)
    expect(decodeError({ status: 400, body: hostile })).toBeInstanceOf(DpfError)
  })
})
