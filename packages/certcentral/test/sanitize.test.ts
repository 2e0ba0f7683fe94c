import { describeFailure, toProblem } from "@faultline/core"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { decodeError } from "../src/decodeError.js"
import { documentedParams } from "../src/params.js"

const json = (...codes: ReadonlyArray<string>) => JSON.stringify({ errors: codes.map((code) => ({ code })) })
const leaks = ["admin@corp.example", "AKIAIOSFODNN7EXAMPLE"]

// Regression tests for issue 12: upstream-written parameter names and codes reached the caller.
describe("only known identifiers go downstream", () => {
  it.each(["invalid_value", "invalid_chars", "required_param"])(
    "%s:<undocumented name> becomes a generic issue, in errors and detail",
    (base) => {
      for (const name of leaks) {
        const error = decodeError({ status: 400, body: json(`${base}:${name}`) })!
        const reason = error.reason as { param?: string; code: string; upstreamCode?: Redacted.Redacted }
        expect(reason.param).toBeUndefined()
        expect(reason.code).toMatch(new RegExp(`^${base}#[0-9a-f]{8}$`))
        expect(Redacted.value(reason.upstreamCode!)).toBe(`${base}:${name}`)
        for (const options of [{}, { exposeUpstreamCodes: true }, { locale: "ja" as const }]) {
          const problem = toProblem(error, options)
          const text = JSON.stringify(problem)
          expect(text).not.toContain(name)
          expect(problem.body.errors?.[0]).not.toHaveProperty("param")
        }
        expect(toProblem(error, { exposeUpstreamCodes: true }).body.upstream?.code).toBe(base)
        expect(JSON.stringify(describeFailure(error))).not.toContain(name)
        expect(error.message).not.toContain(name)
      }
    }
  )

  it("names a documented parameter", () => {
    const error = decodeError({ status: 400, body: json("invalid_value:certificate.common_name") })!
    expect(toProblem(error).body.errors).toEqual([
      {
        param: "certificate.common_name",
        code: "invalid_value",
        detail: "The value of certificate.common_name is not valid."
      }
    ])
    expect(documentedParams.has("dcv_method")).toBe(true)
  })

  it("sends an unknown code downstream as a fixed placeholder, logs it with a hash", () => {
    const raw = "please mail admin@corp.example now"
    const error = decodeError({ status: 400, body: json(raw) })!
    expect(toProblem(error, { exposeUpstreamCodes: true }).body.upstream).toEqual({
      vendor: "certcentral",
      code: "unrecognized"
    })
    expect(describeFailure(error).code).toMatch(/^unrecognized#[0-9a-f]{8}$/)
    expect(error.stack?.split("\n")[0]).not.toContain("admin@")
  })

  it("hashes an unknown qualifier of a documented base (a domain, a new access_denied reason)", () => {
    const error = decodeError({ status: 400, body: json("caa_check_failed|secret.corp.example") })!
    expect(error.reason._tag).toBe("CaaCheckFailed")
    expect(error.reason.code).toMatch(/^caa_check_failed#[0-9a-f]{8}$/)
    expect(JSON.stringify(toProblem(error, { exposeUpstreamCodes: true }))).not.toContain("secret.corp")
  })
})
