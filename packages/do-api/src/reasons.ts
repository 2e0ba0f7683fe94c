import { Reason, type ReasonOf, UnrecognizedReason } from "@faultline/core/vendor/decode"
import type * as Redacted from "effect/Redacted"
import type { catalogue } from "./catalogue.js"
import { messages } from "./messages.js"

// One class per error of IIJ's DO-API error page (seeds/004). Status-only errors have no ErrorType:
// their code is `http_<n>`. Every text is our own; misconfigured reasons are never shown downstream.

const vendor = "do-api"

/** The request was not HTTP/1.1 (505, no body). Our HTTP client is at fault. */
export class NotHttp11 extends Reason("NotHttp11", {
  vendor,
  code: "http_505",
  status: "505",
  source: "status",
  category: "misconfigured",
  retry: "never",
  note: "505 without body: the API accepts HTTP/1.1 only, so our HTTP client spoke the wrong protocol.",
  text: messages.NotHttp11
}) {}

/** 404 without body: wrong URL, unknown API, bad APIVersion or wrong HTTP method. */
export class UrlNotFound extends Reason("UrlNotFound", {
  vendor,
  code: "http_404",
  status: "404",
  source: "status",
  category: "misconfigured",
  retry: "never",
  note:
    "404 without body means our client built a bad URL, API version or method; not a missing " +
    "resource of the caller (DO-API reports those as ResourceNotExist with 200).",
  text: messages.UrlNotFound
}) {}

/** 403 without body: the request was sent over plain http. */
export class HttpsRequired extends Reason("HttpsRequired", {
  vendor,
  code: "http_403",
  status: "403",
  source: "status",
  category: "misconfigured",
  retry: "never",
  note: "403 without body: the base URL is http://; fixing it is our configuration's job.",
  text: messages.HttpsRequired
}) {}

/** The signature header that the BadRequest message names. */
export type BadRequestField = "Signature" | "SignatureMethod" | "SignatureVersion" | "Expire"

/** 400 BadRequest: a signing header is missing or malformed; `field` says which, when recognised. */
export class BadRequest extends Reason("BadRequest", {
  vendor,
  code: "BadRequest",
  status: "400",
  category: "misconfigured",
  retry: "never",
  note: "Signature, SignatureMethod, SignatureVersion or Expire is missing or malformed: our signer's fault.",
  text: messages.BadRequest
})<{ readonly field: BadRequestField | undefined }> {}

/** 400 RequestExpired: the Expire time has passed. Re-signing with a fresh Expire fixes it. */
export class RequestExpired extends Reason("RequestExpired", {
  vendor,
  code: "RequestExpired",
  status: "400",
  category: "misconfigured",
  retry: "safe",
  note:
    "The request was not processed, so it is safe to re-sign and send again; if it persists our " +
    "clock is wrong, which the caller must not learn.",
  text: messages.RequestExpired
}) {}

/** 401 AuthFailure: the access key is not valid. */
export class AuthFailure extends Reason("AuthFailure", {
  vendor,
  code: "AuthFailure",
  status: "401",
  category: "misconfigured",
  retry: "never",
  text: messages.AuthFailure
}) {}

/** 403 SignatureDoesNotMatch: wrong secret key or a signer bug. */
export class SignatureDoesNotMatch extends Reason("SignatureDoesNotMatch", {
  vendor,
  code: "SignatureDoesNotMatch",
  status: "403",
  category: "misconfigured",
  retry: "never",
  text: messages.SignatureDoesNotMatch
}) {}

/** Which ParameterError message came back. */
export type ParameterProblem = "invalid" | "duplicated" | "other"

/**
 * 400 (or 200, API-specific) ParameterError: invalid or duplicated parameters. A duplicated one is
 * `misconfigured` (the instance's `category`), since our client wrote the JSON.
 */
export class ParameterError extends Reason("ParameterError", {
  vendor,
  code: "ParameterError",
  status: "400 / 200",
  varies: "misconfigured when `duplicated`",
  category: "invalid-input",
  retry: "never",
  note:
    "Both messages (invalid, duplicated) and the API-specific 200 variant; `problem` says which. " +
    "`duplicated` is misconfigured (our client builds the JSON, so a duplicate is our bug); " +
    "`invalid` and other messages stay invalid-input.",
  text: messages.ParameterError
})<{ readonly problem: ParameterProblem }> {}

/** 200 RequestRunning: another request on the same service is being processed. */
export class RequestRunning extends Reason("RequestRunning", {
  vendor,
  code: "RequestRunning",
  status: "200",
  category: "conflict",
  retry: "safe",
  note: "The request was not processed; IIJ says to retry after a while, so even a POST is sent again.",
  text: messages.RequestRunning
}) {}

/** 500 SystemError: a fault in the DO-API system. */
export class SystemError extends Reason("SystemError", {
  vendor,
  code: "SystemError",
  status: "500",
  category: "upstream-error",
  retry: "idempotent-only",
  text: messages.SystemError
}) {}

/** 503 Timeout: the system is busy and the request timed out. */
export class Timeout extends Reason("Timeout", {
  vendor,
  code: "Timeout",
  status: "503",
  category: "timeout",
  retry: "idempotent-only",
  note: "The request may have been processed before the timeout, so only idempotent calls are repeated.",
  text: messages.Timeout
}) {}

/** 403 StatusError: DO-API is stopped for maintenance. */
export class StatusError extends Reason("StatusError", {
  vendor,
  code: "StatusError",
  status: "403",
  category: "unavailable",
  retry: "safe",
  note: "Maintenance: nothing was processed. The client does not retry it itself (maintenance lasts long).",
  text: messages.StatusError
}) {}

/** One rejected record line of a RecordValidateError. */
export interface RecordValidation {
  /** The record line as DO-API quoted it: caller data, kept for deliberate logging only. */
  readonly line: Redacted.Redacted<string> | undefined
  /**
   * DO-API's validation code when IIJ documents it (`RESERVED_V4ADDRESS`, see `recordCodes.ts`),
   * else `unrecognized#<hash>` of the raw code: log-safe.
   */
  readonly errorCode: string
  /** The validation code exactly as received: upstream-written text, for deliberate use only. */
  readonly upstreamErrorCode?: Redacted.Redacted<string> | undefined
}

/** RecordValidateError: records were rejected; every `{Line, ErrorCode}` is kept in `validations`. */
export class RecordValidateError extends Reason("RecordValidateError", {
  vendor,
  code: "RecordValidateError",
  status: "200",
  category: "invalid-input",
  retry: "never",
  note:
    "Each ErrorList entry becomes an issue `{ param: records[i], code }`, i being its position in " +
    "ErrorList and code the ErrorCode when IIJ documents it (else the generic `invalid_record`); the " +
    "Line text and any undocumented ErrorCode stay Redacted and never go downstream.",
  text: messages.RecordValidateError
})<{ readonly validations: ReadonlyArray<RecordValidation> }> {}

/** One entry of a MonitoringFailed ErrorList. */
export interface MonitoringFailure {
  /** The monitoring type, or `NEW` for a monitoring being added or updated. */
  readonly monitoringType: string
  /** The existing monitoring's id; absent for a new one. */
  readonly monitoringId: string | undefined
  /** The monitored address, when it is a well-formed host or IP address. */
  readonly address: string | undefined
}

/** MonitoringFailed: the change conflicts with health monitoring of the addresses listed. */
export class MonitoringFailed extends Reason("MonitoringFailed", {
  vendor,
  code: "MonitoringFailed",
  status: "200",
  category: "conflict",
  retry: "never",
  note:
    "The change clashes with monitoring configured for an address (or one being added): the " +
    "resource's state forbids it until monitoring is changed; retrying alone cannot help.",
  text: messages.MonitoringFailed
})<{ readonly monitorings: ReadonlyArray<MonitoringFailure> }> {}

/** 200 ResourceNotExist: the zone, record or other resource named does not exist. */
export class ResourceNotExist extends Reason("ResourceNotExist", {
  vendor,
  code: "ResourceNotExist",
  status: "200",
  category: "not-found",
  retry: "never",
  note:
    "The DoApi client's deleteRecord counts it as deleted when it answers a retry after a failure " +
    "that may have processed the delete (Timeout, SystemError, a transport fault, no answer in time).",
  text: messages.ResourceNotExist
}) {}

/** 200 UnrelateError: the resources named are not related to each other. */
export class UnrelateError extends Reason("UnrelateError", {
  vendor,
  code: "UnrelateError",
  status: "200",
  category: "conflict",
  retry: "never",
  note:
    "The resources exist but are not associated (e.g. a record or zone not attached where named): " +
    "their current state forbids the operation; retrying alone cannot help.",
  text: messages.UnrelateError
}) {}

/** Any ErrorType not on IIJ's page (raw code kept, bounded), or an error status nobody explained. */
export class Unrecognized extends UnrecognizedReason(vendor, {
  note:
    "Unknown ErrorType, an ErrorResponse without ErrorType (200 included), or an error status " +
    "without ErrorResponse; category and retry follow the status. An unknown ErrorType's code is " +
    "`unrecognized#<hash>`, the raw ErrorType stays redacted in `upstreamCode`."
}) {}

/** What identifies a change whose outcome is unknown: enough to look for it later. */
export interface ChangeOutcomeFields {
  /** `addRecord` or `commit`. */
  readonly operation: string
  /** The zone that was read to reconcile it, when there was one. */
  readonly zone: string | undefined
  /** When the change was first sent (epoch ms, the client's clock). */
  readonly sentAt: number
}

/**
 * Client-side: a record add or a commit was sent and no answer said whether it took effect, and
 * reading the zone could not tell. Nothing automatic sends it again.
 */
export class ChangeOutcomeUnknown extends Reason("ChangeOutcomeUnknown", {
  vendor,
  code: "change_outcome_unknown",
  status: "none (client)",
  source: "client",
  category: "unavailable",
  retry: "never",
  note:
    "Not an IIJ ErrorType: a non-idempotent change (record add, commit) was sent, its answer was " +
    "lost, and the zone's records could not show whether it took effect. Never resent by anything " +
    "automatic; the caller tries again later.",
  text: messages.ChangeOutcomeUnknown
})<ChangeOutcomeFields> {}

/** Any DO-API reason: what `Effect.catchReason("DoApiError", tag, ...)` narrows (from the catalogue). */
export type DoApiReason = ReasonOf<typeof catalogue>
