import type { FieldIssue } from "@faultline/core"
import {
  type DecodeOptions,
  decodedFailure,
  type AnswerFacts,
  decodedReasonOf,
  type ErrorResponse,
  hashedCode,
  type StatusMeaning,
  headerValue,
  isWellFormedRequestId,
  ownField as own,
  parseJsonBody,
  parseRetryAfter,
  statusCategory,
  statusCode,
  unknownCode,
  upstreamBounds,
  upstreamStatus
} from "@faultline/core/vendor/decode"
import type * as Duration from "effect/Duration"
import { byCode, byStatus, unknown } from "./catalogue.js"
import { DoApiError } from "./DoApiError.js"
import type {
  BadRequestField,
  DoApiReason,
  MonitoringFailure,
  ParameterProblem,
  RecordValidation
} from "./reasons.js"
import { genericRecordCode, recordValidationCodes } from "./recordCodes.js"
import { RecordLine } from "./recordLine.js"

// Bounds on upstream data beyond core's: a record line is kept (redacted) only this long.
const maxLineChars = 1_000

const text = (u: unknown, max: number): string | undefined =>
  typeof u === "string" ? u.slice(0, max).trim() : undefined

const token = (u: unknown, max: number): string | undefined => {
  const s = text(u, max + 1)
  return s !== undefined && s.length > 0 && s.length <= max && /^[A-Za-z0-9_.:@-]+$/.test(s) ? s : undefined
}

// Hostnames and IPv4/IPv6 addresses only: anything else is not echoed.
const address = (u: unknown): string | undefined => {
  const s = text(u, 256)
  return s !== undefined && /^[A-Za-z0-9.:_-]{1,255}$/.test(s) ? s : undefined
}

const requestIdIn = (u: unknown): string | undefined => {
  const id = own(u, "RequestId")
  return isWellFormedRequestId(id) ? id : undefined
}

/**
 * The RequestId of a DO-API body, successful (top-level `RequestId`) or not
 * (`ErrorResponse.RequestId`); `undefined` when absent or not a well-formed token.
 */
export const requestIdOf = (body: unknown): string | undefined => {
  try {
    const parsed = parseJsonBody(body)
    return requestIdIn(own(parsed, "ErrorResponse")) ?? requestIdIn(parsed)
  } catch {
    return undefined
  }
}

const badRequestField = (message: string | undefined): BadRequestField | undefined => {
  const m = message?.toLowerCase() ?? ""
  if (m.startsWith("signature method")) return "SignatureMethod"
  if (m.startsWith("signature version")) return "SignatureVersion"
  if (m.startsWith("signature")) return "Signature"
  if (m.startsWith("expire")) return "Expire"
  return undefined
}

const parameterProblem = (message: string | undefined): ParameterProblem => {
  const m = message?.toLowerCase() ?? ""
  if (m.startsWith("there are invalid parameters")) return "invalid"
  if (m.startsWith("duplicated parameter")) return "duplicated"
  return "other"
}

const errorList = (errorResponse: unknown): ReadonlyArray<unknown> => {
  const list = own(own(errorResponse, "ErrorDetail"), "ErrorList")
  return Array.isArray(list) ? list.slice(0, upstreamBounds.maxEntries) : []
}

const recordTitle = { en: "Invalid record", ja: "レコードが正しくありません" }

// Our words only: a catalogued code's own sentence, or the generic one (no upstream text at all).
const recordIssueText = (detail: { readonly en: string; readonly ja: string }) => ({
  en: { title: recordTitle.en, detail: detail.en },
  ja: { title: recordTitle.ja, detail: detail.ja }
})

const genericRecordText = recordIssueText({
  en: "The DNS service rejected this record.",
  ja: "DNS サービスがこのレコードを受け付けませんでした。"
})

// Only codes IIJ documents travel (to logs as they are, downstream in `errors[].code`); anything else
// is `unrecognized#<hash>` on the reason and the generic `invalid_record` issue downstream.
const recordValidations = (errorResponse: unknown) => {
  const validations: Array<RecordValidation> = []
  const issues: Array<FieldIssue> = []
  errorList(errorResponse).forEach((entry, i) => {
    const raw = text(own(entry, "ErrorCode"), upstreamBounds.maxCodeChars)
    const known = raw === undefined ? undefined : recordValidationCodes.get(raw)
    const errorCode = known !== undefined && raw !== undefined ? raw : hashedCode(raw ?? "")
    const line = text(own(entry, "Line"), maxLineChars)
    validations.push(new RecordLine(line, errorCode, raw !== undefined && raw.length > 0 ? raw : undefined))
    issues.push(
      known !== undefined && raw !== undefined
        ? { param: `records[${i}]`, code: raw, text: recordIssueText(known) }
        : { param: `records[${i}]`, code: genericRecordCode, text: genericRecordText }
    )
  })
  return { validations, issues }
}

const monitorings = (errorResponse: unknown): ReadonlyArray<MonitoringFailure> =>
  errorList(errorResponse).map((entry) => ({
    monitoringType: token(own(entry, "MonitoringType"), 32) ?? "unrecognized",
    monitoringId: token(own(entry, "MonitoringId"), 64),
    address: address(own(entry, "Address"))
  }))

// An ErrorType's reason: the common facts, and what some types carry beyond them (read from their
// ErrorResponse and message), each at most one field of its own.
const fromErrorType = (
  type: string,
  errorResponse: unknown,
  message: string | undefined,
  facts: AnswerFacts
): DoApiReason => {
  const klass = byCode.get(type)
  // An ErrorType nobody documents is upstream-written text: logged as a placeholder and a hash.
  if (klass === undefined) return unrecognized(hashedCode(type), facts, type)
  // The one field of the type's own, if any, and what comes with it.
  let field: string | undefined
  let value: unknown
  let issues: ReadonlyArray<FieldIssue> | undefined
  let meaning: StatusMeaning | undefined
  switch (klass.tag) {
    case "BadRequest":
      field = "field"
      value = badRequestField(message)
      break
    case "ParameterError":
      field = "problem"
      value = parameterProblem(message)
      // Our client builds the JSON itself, so a duplicated parameter is our bug, not the caller's.
      if (value === "duplicated") meaning = { category: "misconfigured", retry: klass.spec.retry }
      break
    case "RecordValidateError": {
      const records = recordValidations(errorResponse)
      field = "validations"
      value = records.validations
      issues = records.issues
      break
    }
    case "MonitoringFailed":
      field = "monitorings"
      value = monitorings(errorResponse)
      break
  }
  return decodedReasonOf(klass, facts, undefined, undefined, issues, meaning, field, value)
}

// Below 400 (an ErrorResponse under a 200) the status says nothing: an upstream error, never retried.
const statusSaysNothing: StatusMeaning = { category: "upstream-error", retry: "never" }

const unrecognized = (code: string, facts: AnswerFacts, upstreamCode?: string): DoApiReason => {
  const status = facts.upstreamStatus
  const meaning = status !== undefined && status >= 400 ? statusCategory(status) : statusSaysNothing
  const raw = upstreamCode?.slice(0, upstreamBounds.maxCodeChars)
  return decodedReasonOf(unknown, facts, code, raw, undefined, meaning)
}

// Errors that IIJ documents as "status only, no response parameters"; any other status without an
// ErrorType is unrecognized, coded `http_<n>`.
const fromStatus = (status: number | undefined, facts: AnswerFacts): DoApiReason => {
  const klass = byStatus(status)
  return klass !== undefined ? decodedReasonOf(klass, facts) : unrecognized(statusCode(status), facts)
}

// Absent, null, blank strings, and records (or arrays) of nothing else: an empty ErrorResponse shell.
const isEmpty = (u: unknown, depth = 0): boolean => {
  if (u === undefined || u === null) return true
  if (typeof u === "string") return u.trim().length === 0
  if (depth > 4 || typeof u !== "object") return false
  const values: ReadonlyArray<unknown> = Array.isArray(u) ? u : Object.values(u)
  return values.length <= 100 && values.every((value) => isEmpty(value, depth + 1))
}

const nowOf = (u: unknown): number => (typeof u === "number" && Number.isFinite(u) ? u : Date.now())

// Headers are caller-supplied objects: a throwing `get` loses the Retry-After, never the error. The
// clock is read only for a Retry-After (an HTTP date is relative to it).
const readRetryAfter = (response: ErrorResponse, now: unknown): Duration.Duration | undefined => {
  try {
    const header = headerValue(own(response, "headers"), "retry-after")
    return header === undefined ? undefined : parseRetryAfter(header, nowOf(now))
  } catch {
    return undefined
  }
}

const decode = (response: ErrorResponse, options: DecodeOptions): DoApiError | undefined => {
  const status = upstreamStatus(own(response, "status"))
  const success = status !== undefined && status >= 200 && status < 300
  const parsed = parseJsonBody(
    own(response, "body"),
    options.maxBodyLength ?? upstreamBounds.maxResponseBytes
  )
  const errorResponse = own(parsed, "ErrorResponse")
  const type = text(own(errorResponse, "ErrorType"), 200) ?? ""
  // An ErrorResponse is an error at any status, 200 included, even without a usable ErrorType; only
  // an entirely empty shell beside real data (clients and fixtures echo those) is not.
  if (success && type.length === 0 && isEmpty(errorResponse)) return undefined

  const message = text(own(errorResponse, "ErrorMessage"), upstreamBounds.maxMessageChars)
  const retryAfter = readRetryAfter(response, options.now)
  const facts: AnswerFacts = {
    upstreamStatus: status,
    requestId: requestIdIn(errorResponse) ?? requestIdIn(parsed),
    upstreamMessage: message !== undefined && message.length > 0 ? message : undefined,
    retryAfter
  }
  const reason =
    type.length > 0 ? fromErrorType(type, errorResponse, message, facts) : fromStatus(status, facts)
  return decodedFailure(DoApiError, reason)
}

/**
 * Decodes a DO-API response: a {@link DoApiError} for an `ErrorResponse` body (whatever the status,
 * 200 included) or an error status without one; `undefined` for a success. Total and synchronous:
 * it never throws, for any input, and reads only own properties of the body.
 */
export const decodeError = (response: ErrorResponse, options: DecodeOptions = {}): DoApiError | undefined =>
  decodeTotal(response, options)

const decodeTotal = (response: ErrorResponse, options: DecodeOptions): DoApiError | undefined => {
  try {
    return decode(response, options)
  } catch {
    // Only a hostile object (throwing getters, proxies) gets here: report it as unreadable.
    const status = (() => {
      try {
        return upstreamStatus(response?.status)
      } catch {
        return undefined
      }
    })()
    return decodedFailure(
      DoApiError,
      unrecognized(unknownCode, {
        upstreamStatus: status,
        requestId: undefined,
        upstreamMessage: undefined,
        retryAfter: undefined
      })
    )
  }
}
