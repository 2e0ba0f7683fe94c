import { isUpstreamFailure } from "@faultline/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { decodeError } from "../src/decodeError.js"
import { documented } from "./documented.js"

const code = fc.oneof(
  fc.constantFrom(...documented.map(([, c]) => c)),
  fc.string(),
  fc.constantFrom(...documented.map(([, c]) => c)).map((c) => ` ${c}\t`),
  fc
    .tuple(fc.constantFrom("invalid_value", "invalid_chars", "required_param"), fc.string())
    .map(([b, p]) => `${b}:${p}`)
)
const entry = fc.oneof(
  fc.record({ code, message: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }),
  fc.anything()
)
const envelope = fc.oneof(
  fc.record({ errors: fc.oneof(fc.array(entry), fc.dictionary(fc.string(), entry), entry) }),
  fc.jsonValue()
)
const body = fc.oneof(
  envelope,
  envelope.map((e) => JSON.stringify(e)),
  envelope.map((e) => JSON.stringify(e) ?? "").chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
  fc.string(),
  fc.uint8Array(),
  fc.anything(),
  fc.constant('{"__proto__":{"errors":[{"code":"x"}]},"errors":{"__proto__":{"code":"pending_reissue"}}}')
)
const headers = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))),
  fc.record({
    "retry-after": fc.oneof(
      fc.string(),
      fc.nat().map(String),
      fc.date().map((d) => d.toUTCString())
    )
  })
)

describe("decodeError (properties)", () => {
  it("never throws; a failure for every non-2xx, undefined for every 2xx", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), headers, body, (status, h, b) => {
        const result = decodeError({ status, headers: h as never, body: b })
        if (status >= 200 && status <= 299) {
          expect(result).toBeUndefined()
        } else {
          expect(result?._tag).toBe("CertCentralError")
          expect(isUpstreamFailure(result)).toBe(true)
          expect(result?.reasons.length).toBeGreaterThan(0)
          expect(result?.reason.upstreamStatus).toBe(status)
          expect(result?.reason.code.length).toBeLessThanOrEqual(128)
        }
      }),
      { numRuns: 2000 }
    )
  })

  it("never throws for statuses outside HTTP's range", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double()), body, (status, b) => {
        const result = decodeError({ status, body: b })
        expect(result === undefined || result._tag === "CertCentralError").toBe(true)
        if (!(Number.isInteger(status) && status >= 200 && status <= 299)) expect(result).toBeDefined()
      }),
      { numRuns: 500 }
    )
  })
})
