import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { describeFailure } from "../src/describeFailure.js"
import { Failure } from "../src/Failure.js"
import { Reason } from "../src/Reason.js"
import { codeHash, downstreamCode, hashedCode, logSafeCode } from "../src/sanitizeCode.js"
import { toProblem } from "../src/toProblem.js"

class Odd extends Reason("Odd", { vendor: "acme", code: "odd", category: "invalid-input", retry: "never" }) {}
class AcmeError extends Failure("AcmeError")<Odd> {}

const leak = "admin@corp.example AKIAIOSFODNN7EXAMPLE"

describe("sanitised codes", () => {
  it("hashes to 8 stable hex digits, and two codes apart", () => {
    expect(codeHash("x")).toMatch(/^[0-9a-f]{8}$/)
    expect(codeHash("x")).toBe(codeHash("x"))
    expect(codeHash("x")).not.toBe(codeHash("y"))
    expect(hashedCode("x")).toBe(`unrecognized#${codeHash("x")}`)
    expect(hashedCode("x", "invalid_value")).toBe(`invalid_value#${codeHash("x")}`)
  })

  it("keeps sanitised codes in logs and replaces anything else", () => {
    expect(logSafeCode("not_found|order")).toBe("not_found|order")
    expect(logSafeCode("invalid_value#0123abcd")).toBe("invalid_value#0123abcd")
    expect(logSafeCode(leak)).toBe(hashedCode(leak))
    expect(logSafeCode(undefined)).toBe("unrecognized")
  })

  it("sends only the documented part downstream, never a hash or free text", () => {
    expect(downstreamCode("invalid_value:dcv_method")).toBe("invalid_value:dcv_method")
    expect(downstreamCode("unrecognized#0123abcd")).toBe("unrecognized")
    expect(downstreamCode("access_denied#0123abcd")).toBe("access_denied")
    expect(downstreamCode(leak)).toBe("unrecognized")
  })

  // Regression (issue 12): a reason built with raw upstream text as its code carried it into its
  // message (so the stack's first line), describeFailure and exposeUpstreamCodes.
  it("keeps a raw code out of message, stack, describeFailure, toJSON and the problem", () => {
    const reason = new Odd({ code: leak, upstreamCode: leak, issues: [{ param: leak, code: leak }] })
    const error = new AcmeError({ reason })
    expect(reason.message).toBe(`acme ${hashedCode(leak)} (invalid-input)`)
    expect(String(error.stack).split("\n")[0]).not.toContain("admin@")
    expect(JSON.stringify(describeFailure(error))).not.toContain("admin@")
    expect(Redacted.value(reason.upstreamCode!)).toBe(leak)
    expect(JSON.stringify(reason.upstreamCode)).not.toContain("admin@")
    const problem = toProblem(error, { exposeUpstreamCodes: true })
    expect(problem.body.upstream).toEqual({ vendor: "acme", code: "unrecognized" })
    expect(JSON.stringify(problem)).not.toContain("admin@")
    expect(JSON.stringify(problem)).not.toContain("AKIA")
  })

  it("drops an issue param or code with an @ (an e-mail address is never a name)", () => {
    const reason = new Odd({ issues: [{ param: "admin@corp.example", code: "x@y" }] })
    const problem = toProblem(new AcmeError({ reason }))
    expect(problem.body.errors).toEqual([{ code: "invalid", detail: "This value was rejected." }])
  })
})
