import type { DecodeOptions, ErrorResponse } from "@faultline/core/vendor/decode"
import * as V from "@faultline/core/vendor/decode"
import { byCode, detailOf, unknown } from "./catalogue.js"
import { DpfError } from "./DpfError.js"
import type { DpfReason } from "./reasons.js"

const own = V.ownField

// request_id and block_id are exactly 32 characters (schema RequestId); the alphabet is unconfirmed:
// any 32 token characters, so nothing else is echoed to logs or headers.
const id32 = (u: unknown): string | undefined =>
  typeof u === "string" && /^[A-Za-z0-9_-]{32}$/.test(u) ? u : undefined

/** The request_id of a DPF-API body, success or error; `undefined` when absent or malformed. */
export const requestIdOf = (json: unknown): string | undefined => id32(own(json, "request_id"))

// One `error_details` entry: a documented `code:attribute` by its class (only then do the names
// reach an issue); anything else Unrecognized, with a hash of the pair.
const fromDetail = (entry: unknown, facts: V.AnswerFacts, status: number): DpfReason => {
  const code = V.upstreamCode(own(entry, "code")) ?? ""
  const param = V.upstreamCode(own(entry, "attribute")) ?? ""
  const row = detailOf(code, param)
  if (row === undefined) {
    const pair = `${code}:${param}`
    const meaning = V.statusCategory(status)
    return V.decodedReasonOf(unknown, facts, V.hashedCode(pair, "ParameterError"), pair, undefined, meaning)
  }
  return V.decodedReasonOf(row.klass, facts, row.code, undefined, row.issues, undefined, "param", row.param)
}

const nowOf = (u: unknown): number => (typeof u === "number" && Number.isFinite(u) ? u : Date.now())

const decode = (response: ErrorResponse, options: DecodeOptions): DpfError | undefined => {
  const status = V.upstreamStatus(own(response, "status"))
  if (status !== undefined && status >= 200 && status <= 299) return undefined
  const json = V.parseJsonBody(own(response, "body"), options.maxBodyLength)
  const type = V.upstreamCode(own(json, "error_type"))
  // The clock is read only for a Retry-After (an HTTP date is relative to it).
  const header = V.headerValue(own(response, "headers"), "retry-after")
  const facts: V.AnswerFacts = {
    upstreamStatus: status,
    requestId: requestIdOf(json),
    upstreamMessage: V.upstreamText(own(json, "error_message")),
    retryAfter: header === undefined ? undefined : V.parseRetryAfter(header, nowOf(options.now))
  }
  const details = own(json, "error_details")
  if (type === "ParameterError" && Array.isArray(details) && details.length > 0) {
    const max = V.upstreamBounds.maxEntries
    const reasons = (details.length > max ? details.slice(0, max) : details).map((d) =>
      fromDetail(d, facts, status ?? 400)
    )
    const reason = reasons.find((r) => r._tag !== "Unrecognized") ?? reasons[0]
    return reason === undefined ? undefined : V.decodedFailure(DpfError, reason, reasons)
  }
  const klass = type !== undefined ? byCode.get(type) : undefined
  if (klass !== undefined) {
    // NotAcceptable names the block (its `blockId`, when well-formed); no other type has a field of its own.
    const field = type === "NotAcceptable" ? "blockId" : undefined
    const blockId = field === undefined ? undefined : id32(own(json, "block_id"))
    const reason = V.decodedReasonOf(klass, facts, undefined, undefined, undefined, undefined, field, blockId)
    return V.decodedFailure(DpfError, reason)
  }
  // An unknown error_type, or no DPF body at all (a proxy's page): by its status.
  const code = type === undefined ? V.statusCode(status) : V.hashedCode(type)
  const meaning = status !== undefined ? V.statusCategory(status) : undefined
  const reason = V.decodedReasonOf(unknown, facts, code, type, undefined, meaning)
  return V.decodedFailure(DpfError, reason)
}

/**
 * Decodes a DPF-API answer (CONTRACT.md): `undefined` for a 2xx; else a {@link DpfError} whose reason
 * is the documented error_type, or the ParameterError's detail (`error_details[{code, attribute}]`,
 * every entry in `reasons`), else `Unrecognized` by status. Total and synchronous: never throws.
 */
export const decodeError = (response: ErrorResponse, options: DecodeOptions = {}): DpfError | undefined =>
  decodeTotal(response, options)

const decodeTotal = (response: ErrorResponse, options: DecodeOptions): DpfError | undefined => {
  let status: number | undefined
  try {
    status = V.upstreamStatus(response.status)
    return decode(response, options)
  } catch {
    // Only a hostile object (throwing getters, proxies) gets here.
    return V.decodedFailure(DpfError, V.decodedReason(unknown, V.statusCode(status), status))
  }
}
