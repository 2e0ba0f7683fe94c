import type { Fixture } from "./Fixture.js"

// Every error DPF-API documents (github.com/iij/dpf-oapi-docs swagger.json, commit 6685b911, v3.7.0):
// the common table of section 2.3 (info.description) and components.responses (NotFound,
// NotAcceptable, TooManyRequests, SystemError, ServiceUnavailable, GatewayTimeout), then the
// `error_details` rows of the 400 answer of each operation a DNS client uses (see
// packages/dpf/CONTRACT.md). The type and message strings are the document's wire values.
//
// Codes: the `error_type` for a body without `error_details`; `ParameterError:<code>:<attribute>` for
// a ParameterError with one detail. The bare `ParameterError` is the JSON-parse error, the only
// ParameterError without details (schema JsonParseError).

/** The sample request_id of the fixtures (32 lower-case hex digits); a simulator answers fresh ones. */
export const dpfSampleRequestId = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
/** The sample block_id of the 406 fixture (32 characters, schema NotAcceptableErrorFields). */
export const dpfSampleBlockId = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"

export interface DpfErrorDetail {
  readonly code: string
  readonly attribute: string
}

/** A DPF-API error body: `request_id`, `error_type`, `error_message`, then `error_details` or `block_id`. */
export const dpfErrorBody = (
  type: string,
  message: string,
  options: {
    readonly requestId?: string | undefined
    readonly details?: ReadonlyArray<DpfErrorDetail> | undefined
    readonly blockId?: string | undefined
  } = {}
): string =>
  JSON.stringify({
    request_id: options.requestId ?? dpfSampleRequestId,
    error_type: type,
    error_message: message,
    ...(options.details !== undefined ? { error_details: options.details } : {}),
    ...(options.blockId !== undefined ? { block_id: options.blockId } : {})
  })

export const dpfMessages = {
  invalidParameters: "There are invalid parameters.",
  jsonParse: "JSON parse error occurred.",
  notFound: "Specified resource not found.",
  blocked: "Request was blocked.",
  tooMany: "Too many requests.",
  system: "System error occurred.",
  unavailable: "Service unavailable.",
  busy: "The system is busy, Please try again later.",
  gatewayTimeout: "Gateway timeout."
} as const

/** The `error_types` without details, with their status (section 2.3 table; components.responses). */
export const dpfPlainErrors: ReadonlyArray<readonly [status: number, type: string, message: string]> = [
  [400, "ParameterError", dpfMessages.jsonParse],
  [404, "NotFound", dpfMessages.notFound],
  [406, "NotAcceptable", dpfMessages.blocked],
  [429, "TooManyRequests", dpfMessages.tooMany],
  [500, "SystemError", dpfMessages.system],
  [503, "ServiceUnavailable", dpfMessages.unavailable],
  [503, "SystemBusy", dpfMessages.busy],
  [504, "GatewayTimeout", dpfMessages.gatewayTimeout]
]

/**
 * The `error_details` `{code, attribute}` of a 400 ParameterError: `invalid/access_token` (section 2.3,
 * every operation), then the union of the ErrorDetails tables of getZoneList, getZoneListCount,
 * getZone, getRecordList(+Count), getRecordCurrents(+Count), getRecord, postRecord, patchRecord,
 * deleteRecord, deleteRecordChanges, patchZoneChanges, deleteZoneChanges and getJob.
 */
export const dpfDetailErrors: ReadonlyArray<readonly [code: string, attribute: string]> = [
  ["invalid", "access_token"],
  ["invalid", "schema"],
  ["invalid", "keywords"],
  ["not_found", "zone"],
  ["forbidden", "zone"],
  ["not_found", "record"],
  ["forbidden", "record"],
  ["invalid", "record"],
  ["duplicated", "record"],
  ["soa_not_found", "record"],
  ["apex_ns_not_found", "record"],
  ["invalid", "name"],
  ["cname_and_other_mixed", "name"],
  ["corresponding_ns_not_found", "name"],
  ["invalid", "rrtype"],
  ["invalid_quotes", "rdata"],
  ["invalid", "rdata"],
  ["reference_not_found", "rdata"],
  ["reference_alias", "rdata"],
  ["multiple_rdata_found", "rdata"],
  ["resolve_error", "rdata"],
  ["invalid_format_key", "labels"],
  ["invalid_length_key", "labels"],
  ["invalid_char_type_key", "labels"],
  ["invalid_type_value", "labels"],
  ["invalid_format_value", "labels"],
  ["invalid_length_value", "labels"],
  ["invalid_char_type_value", "labels"],
  ["not_found", "request_id"]
]

export const dpfDetailCode = (code: string, attribute: string) => `ParameterError:${code}:${attribute}`

/** Every documented DPF-API error, `{ code, status, body }`: 8 without details, 29 with one. */
export const dpfFixtures: ReadonlyArray<Fixture> = [
  ...dpfPlainErrors.map(([status, type, message]) => ({
    code: type,
    status,
    body: dpfErrorBody(type, message, type === "NotAcceptable" ? { blockId: dpfSampleBlockId } : {})
  })),
  ...dpfDetailErrors.map(([code, attribute]) => ({
    code: dpfDetailCode(code, attribute),
    status: 400,
    body: dpfErrorBody("ParameterError", dpfMessages.invalidParameters, { details: [{ code, attribute }] })
  }))
]

const htmlPage = (status: number, title: string) =>
  `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n</body>\r\n</html>\r\n`

/**
 * What a proxy or load balancer in front of DPF-API may answer instead: NOT in IIJ's document
 * (unconfirmed, generic shapes), so a client's decoder is tested against non-JSON and empty bodies.
 * Codes `http_<status>`; `content-type` is `text/html` for the pages.
 */
export const dpfProxyFixtures: ReadonlyArray<Fixture & { readonly contentType?: string }> = [
  { code: "http_502", status: 502, body: htmlPage(502, "Bad Gateway"), contentType: "text/html" },
  { code: "http_503", status: 503, body: "" },
  { code: "http_504", status: 504, body: htmlPage(504, "Gateway Time-out"), contentType: "text/html" }
]
