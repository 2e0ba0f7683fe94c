import { describe, expect, it } from "vitest"
import { dpfErrorBody, dpfFixtures, dpfProxyFixtures, dpfWireFacts } from "../src/index.js"

// The error table of packages/dpf/CONTRACT.md, pinned literally: status, error_type, error_message and
// the {code, attribute} of every documented DPF-API error (iij/dpf-oapi-docs swagger.json @ 6685b911).

const invalidParameters = "There are invalid parameters."

const plain: ReadonlyArray<readonly [number, string, string]> = [
  [400, "ParameterError", "JSON parse error occurred."],
  [404, "NotFound", "Specified resource not found."],
  [406, "NotAcceptable", "Request was blocked."],
  [429, "TooManyRequests", "Too many requests."],
  [500, "SystemError", "System error occurred."],
  [503, "ServiceUnavailable", "Service unavailable."],
  [503, "SystemBusy", "The system is busy, Please try again later."],
  [504, "GatewayTimeout", "Gateway timeout."]
]

const details = [
  "invalid/access_token",
  "invalid/schema",
  "invalid/keywords",
  "not_found/zone",
  "forbidden/zone",
  "not_found/record",
  "forbidden/record",
  "invalid/record",
  "duplicated/record",
  "soa_not_found/record",
  "apex_ns_not_found/record",
  "invalid/name",
  "cname_and_other_mixed/name",
  "corresponding_ns_not_found/name",
  "invalid/rrtype",
  "invalid_quotes/rdata",
  "invalid/rdata",
  "reference_not_found/rdata",
  "reference_alias/rdata",
  "multiple_rdata_found/rdata",
  "resolve_error/rdata",
  "invalid_format_key/labels",
  "invalid_length_key/labels",
  "invalid_char_type_key/labels",
  "invalid_type_value/labels",
  "invalid_format_value/labels",
  "invalid_length_value/labels",
  "invalid_char_type_value/labels",
  "not_found/request_id"
]

describe("DPF-API fixtures", () => {
  it("one fixture per documented error, 37 in all, codes unique", () => {
    const codes = dpfFixtures.map((f) => f.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(codes).toEqual([
      ...plain.map(([, type]) => type),
      ...details.map((d) => `ParameterError:${d.replace("/", ":")}`)
    ])
    expect(codes).toHaveLength(37)
  })

  it("errors without details: status, envelope and message as documented; 406 carries a block_id", () => {
    for (const [status, type, message] of plain) {
      const fixture = dpfFixtures.find((f) => f.code === type)
      expect(fixture?.status).toBe(status)
      const body = JSON.parse(fixture?.body ?? "")
      expect(body).toEqual({
        request_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        error_type: type,
        error_message: message,
        ...(type === "NotAcceptable" ? { block_id: expect.stringMatching(/^.{32}$/) } : {})
      })
      expect(body.error_details).toBeUndefined()
    }
  })

  it("ParameterError with one {code, attribute}: 400, one error_details entry", () => {
    for (const pair of details) {
      const [code, attribute] = pair.split("/")
      const fixture = dpfFixtures.find((f) => f.code === `ParameterError:${code}:${attribute}`)
      expect(fixture?.status).toBe(400)
      expect(JSON.parse(fixture?.body ?? "")).toEqual({
        request_id: expect.any(String),
        error_type: "ParameterError",
        error_message: invalidParameters,
        error_details: [{ code, attribute }]
      })
    }
  })

  it("covers every detail of every endpoint in the wire facts, and the facts' error types", () => {
    const fromFacts = new Set(dpfWireFacts.endpoints.flatMap((e) => e.details))
    expect([...fromFacts].every((d) => details.includes(d))).toBe(true)
    expect(details.filter((d) => !fromFacts.has(d))).toEqual(["invalid/access_token"])
    expect(dpfWireFacts.errors.types.map((t) => [t.status, t.error_type, t.error_message])).toEqual([
      plain[0],
      [400, "ParameterError", invalidParameters],
      ...plain.slice(1)
    ])
  })

  it("dpfErrorBody builds the envelope in the documented field order", () => {
    expect(
      dpfErrorBody("ParameterError", invalidParameters, {
        requestId: "r",
        details: [{ code: "c", attribute: "a" }]
      })
    ).toBe(
      '{"request_id":"r","error_type":"ParameterError","error_message":"There are invalid parameters.","error_details":[{"code":"c","attribute":"a"}]}'
    )
    expect(dpfErrorBody("NotAcceptable", "Request was blocked.", { requestId: "r", blockId: "b" })).toBe(
      '{"request_id":"r","error_type":"NotAcceptable","error_message":"Request was blocked.","block_id":"b"}'
    )
  })

  it("proxy answers (not in IIJ's document) are HTML or empty, never the JSON envelope", () => {
    expect(dpfProxyFixtures.map((f) => [f.code, f.status])).toEqual([
      ["http_502", 502],
      ["http_503", 503],
      ["http_504", 504]
    ])
    for (const fixture of dpfProxyFixtures) {
      expect(fixture.body === "" || fixture.body.startsWith("<html>")).toBe(true)
    }
  })
})
