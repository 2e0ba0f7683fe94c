import { toProblem } from "@faultline/core"
import {
  dpfErrorBody,
  dpfFixtures,
  dpfProxyFixtures,
  dpfSampleBlockId,
  dpfSampleRequestId
} from "@faultline/testing"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { decodeError, DpfError } from "../src/index.js"

// What each documented fixture means (CONTRACT.md): reason, category and retry class.
const expected: Readonly<Record<string, readonly [tag: string, category: string, retry: string]>> = {
  ParameterError: ["JsonParseError", "misconfigured", "never"],
  NotFound: ["UrlNotFound", "misconfigured", "never"],
  NotAcceptable: ["RequestBlocked", "rejected", "never"],
  TooManyRequests: ["TooManyRequests", "throttled", "safe"],
  SystemError: ["SystemError", "upstream-error", "idempotent-only"],
  ServiceUnavailable: ["ServiceUnavailable", "unavailable", "safe"],
  SystemBusy: ["SystemBusy", "unavailable", "safe"],
  GatewayTimeout: ["GatewayTimeout", "timeout", "idempotent-only"],
  "ParameterError:invalid:access_token": ["InvalidAccessToken", "misconfigured", "never"],
  "ParameterError:duplicated:record": ["DuplicatedRecord", "conflict", "never"],
  "ParameterError:forbidden:zone": ["Forbidden", "conflict", "never"],
  "ParameterError:forbidden:record": ["Forbidden", "conflict", "never"]
}
const byPair = (code: string): readonly [string, string, string] => {
  const known = expected[code]
  if (known !== undefined) return known
  if (code.startsWith("ParameterError:not_found:")) return ["ResourceNotFound", "not-found", "never"]
  if (code.startsWith("ParameterError:invalid:")) return ["InvalidParameter", "invalid-input", "never"]
  return ["RecordRejected", "invalid-input", "never"]
}

describe("decodeError: every documented DPF-API error", () => {
  it("has 37 fixtures (8 types, 29 ParameterError details)", () => {
    expect(dpfFixtures).toHaveLength(37)
  })

  it.each(dpfFixtures.map((f) => [f.code, f] as const))("%s decodes to its reason", (code, fixture) => {
    const error = decodeError({ status: fixture.status, body: fixture.body })
    const [tag, category, retry] = byPair(code)
    expect(error).toBeInstanceOf(DpfError)
    expect(error?.reason._tag).toBe(tag)
    expect(error?.reason.code).toBe(code)
    expect(error?.reason.category).toBe(category)
    expect(error?.reason.retry).toBe(retry)
    expect(error?.upstreamStatus).toBe(fixture.status)
    expect(error?.requestId).toBe(dpfSampleRequestId)
  })

  it("keeps the 406's block_id and IIJ's message only Redacted", () => {
    const fixture = dpfFixtures.find((f) => f.code === "NotAcceptable")
    const error = decodeError({ status: 406, body: fixture?.body })
    expect(error?.reason).toMatchObject({ _tag: "RequestBlocked", blockId: dpfSampleBlockId })
    expect(Redacted.isRedacted(error?.reason.upstreamMessage)).toBe(true)
    expect(JSON.stringify(error)).not.toContain("Request was blocked")
  })

  it("gives an invalid-input detail an issue of documented names only", () => {
    const body = dpfErrorBody("ParameterError", "There are invalid parameters.", {
      details: [{ code: "invalid_quotes", attribute: "rdata" }]
    })
    const error = decodeError({ status: 400, body })
    expect(error?.reason.issues).toEqual([{ param: "rdata", code: "invalid_quotes" }])
  })

  it("decodes every entry of error_details; an undocumented pair is Unrecognized, hashed", () => {
    const body = dpfErrorBody("ParameterError", "There are invalid parameters.", {
      details: [
        { code: "secret@example.com", attribute: "token-abc" },
        { code: "not_found", attribute: "zone" }
      ]
    })
    const error = decodeError({ status: 400, body })
    expect(error?.reason._tag).toBe("ResourceNotFound")
    expect(error?.reasons.map((r) => r._tag)).toEqual(["Unrecognized", "ResourceNotFound"])
    const [unknown] = error?.reasons ?? []
    expect(unknown?.code).toMatch(/^ParameterError#[0-9a-f]{8}$/)
    expect(unknown?.issues).toBeUndefined()
    expect(JSON.stringify(error)).not.toContain("secret@example.com")
  })

  it("reads an unknown error_type by its status, hashed", () => {
    const error = decodeError({ status: 503, body: dpfErrorBody("Maintenance-x", "down") })
    expect(error?.reason).toMatchObject({ _tag: "Unrecognized", category: "unavailable" })
    expect(error?.reason.code).toMatch(/^unrecognized#[0-9a-f]{8}$/)
  })

  it.each(dpfProxyFixtures.map((f) => [f.code, f] as const))(
    "%s (a proxy's answer) decodes by status",
    (code, f) => {
      const error = decodeError({
        status: f.status,
        body: f.body,
        headers: { "content-type": f.contentType ?? "" }
      })
      expect(error?.reason._tag).toBe("Unrecognized")
      expect(error?.reason.code).toBe(code)
      expect(error?.reason.retry).toBe("idempotent-only")
      expect(error?.requestId).toBeUndefined()
    }
  )

  it("is undefined for a 2xx", () => {
    expect(decodeError({ status: 202, body: '{"request_id":"x","jobs_url":"y"}' })).toBeUndefined()
  })

  it("never shows a misconfigured reason to the caller", () => {
    const fixture = dpfFixtures.find((f) => f.code === "ParameterError:invalid:access_token")
    const error = decodeError({ status: 400, body: fixture?.body })
    const problem = error === undefined ? undefined : toProblem(error)
    expect(problem?.status).toBe(502)
    expect(JSON.stringify(problem)).not.toContain("access_token")
  })
})
