import type { Category, LocalizedText, RetryPolicy } from "@faultline/core"
import { Reason, type ReasonOf, type ReasonSpec, UnrecognizedReason } from "@faultline/core/vendor/decode"
import type { catalogue } from "./catalogue.js"
import { messages } from "./messages.js"

// One class per documented DPF-API error (CONTRACT.md, "Error types" and "ParameterError details"):
// a plain error_type by its code; a ParameterError by its `error_details` `{code, attribute}`, each
// class listing the pairs it stands for in `details` (`code:attribute`; the catalogue derives the
// lookup from them). Instances carry the fixture's code, `ParameterError:<code>:<attribute>`. Texts
// are our own (messages.ts); reasons without one show their category's.

const vendor = "dpf"
type Extra = Partial<Pick<ReasonSpec, "note" | "parameterised" | "source" | "code">>
const texts: Readonly<Record<string, LocalizedText>> = messages

const reason = <const T extends string>(
  tag: T,
  status: string,
  category: Category,
  retry: RetryPolicy,
  extra: Extra = {}
) => Reason(tag, { vendor, code: tag, status, category, retry, text: texts[tag], ...extra })

/** A ParameterError reason: its documented `code:attribute` pairs and the category they share. */
const detail = <const T extends string>(
  tag: T,
  pairs: ReadonlyArray<string>,
  category: Category,
  extra: Extra = {}
) =>
  Object.assign(
    reason(tag, "400", category, "never", {
      code: `ParameterError:${pairs[0]}`,
      ...extra,
      note: `${extra.note ?? ""} error_details: ${pairs.join(", ")}.`.trim()
    }),
    { details: pairs }
  )
const pairs = (text: string) => text.split(" ")
const idempotentOnly = "idempotent-only"

/** 400 ParameterError without `error_details`: the body was not JSON (our client wrote it). */
export class JsonParseError extends reason("JsonParseError", "400", "misconfigured", "never", {
  code: "ParameterError"
}) {}
/** 400 `invalid/access_token`: the token is wrong (no operation documents 401 or 403). Never told. */
export class InvalidAccessToken extends detail(
  "InvalidAccessToken",
  ["invalid:access_token"],
  "misconfigured"
) {}
/** 400 `invalid/<attribute>`: a parameter (`param`) was not valid; an issue `{ param, code }`. */
export class InvalidParameter extends detail(
  "InvalidParameter",
  pairs("invalid:schema invalid:keywords invalid:record invalid:name invalid:rrtype invalid:rdata"),
  "invalid-input",
  { code: "ParameterError:invalid", parameterised: true }
)<{ readonly param: string }> {}
/** 400 `not_found/<attribute>`: the zone, record or job (`param`) does not exist (404 is a wrong URL). */
export class ResourceNotFound extends detail(
  "ResourceNotFound",
  pairs("not_found:zone not_found:record not_found:request_id"),
  "not-found",
  { code: "ParameterError:not_found", parameterised: true }
)<{ readonly param: string }> {}
/** 400 `forbidden/zone` (zone proxy enabled) or `forbidden/record` (its state): not processed. */
export class Forbidden extends detail("Forbidden", ["forbidden:zone", "forbidden:record"], "conflict", {
  code: "ParameterError:forbidden",
  parameterised: true,
  note: "The zone's or the record's state forbids the change; left to the caller."
})<{ readonly param: string }> {}
/** 400 `duplicated/record`: a record set of this name and rrtype exists. */
export class DuplicatedRecord extends detail("DuplicatedRecord", ["duplicated:record"], "conflict", {
  note: "Dpf's addRecord takes it as evidence: it lists the name and compares values, never POSTs again."
}) {}
/** 400: the record's rdata, name or labels, or a protected record's deletion, refused (`param`). */
export class RecordRejected extends detail(
  "RecordRejected",
  pairs(
    "invalid_quotes:rdata reference_not_found:rdata reference_alias:rdata multiple_rdata_found:rdata " +
      "resolve_error:rdata cname_and_other_mixed:name corresponding_ns_not_found:name soa_not_found:record " +
      "apex_ns_not_found:record invalid_format_key:labels invalid_length_key:labels invalid_char_type_key:labels " +
      "invalid_type_value:labels invalid_format_value:labels invalid_length_value:labels " +
      "invalid_char_type_value:labels"
  ),
  "invalid-input",
  {
    code: "ParameterError:<check>:<attribute>",
    note: "An issue `{ param, code }`."
  }
)<{ readonly param: string }> {}

const client = "none (client)"
const later = { note: "IIJ: wait and retry. Not processed." }
const maybeMade = { note: "Maybe processed (unconfirmed): a change is reconciled, never resent blindly." }
/** 404 NotFound: a wrong URL, no such API or a method not allowed: our client built it. */
export class UrlNotFound extends reason("UrlNotFound", "404", "misconfigured", "never", {
  code: "NotFound"
}) {}
/** 406 NotAcceptable: blocked by a security control; `blockId` (32 characters) is for IIJ's support. */
export class RequestBlocked extends reason("RequestBlocked", "406", "rejected", "never", {
  code: "NotAcceptable"
})<{ readonly blockId: string | undefined }> {}
export class TooManyRequests extends reason("TooManyRequests", "429", "throttled", "safe", later) {}
export class SystemError extends reason("SystemError", "500", "upstream-error", idempotentOnly, maybeMade) {}
export class ServiceUnavailable extends reason("ServiceUnavailable", "503", "unavailable", "safe", later) {}
export class SystemBusy extends reason("SystemBusy", "503", "unavailable", "safe", later) {}
export class GatewayTimeout extends reason("GatewayTimeout", "504", "timeout", idempotentOnly, maybeMade) {}

/** An error_type or detail nobody documents, or an error status without a DPF body (a proxy's page). */
export class Unrecognized extends UnrecognizedReason(vendor, {
  note: "Unknown error_type `unrecognized#<hash>`, detail `ParameterError#<hash>`; no DPF body (HTML or empty 502/503/504): `http_<n>`."
}) {}

/** A job that ended FAILED; its error_type and error_message are IIJ's free text, kept Redacted. */
export class JobFailed extends reason("JobFailed", "200 (job FAILED)", "upstream-error", "never", {
  code: "job_failed",
  source: "client",
  note: "GET jobs/{id} answered FAILED; never resent. Whether part of the change was made is unconfirmed."
})<{ readonly operation: string; readonly jobId: string }> {}

/** What identifies a change whose outcome is unknown. */
export interface ChangeOutcomeFields {
  /** `addRecord`, `updateRecord`, `deleteRecord` or `applyChanges`. */
  readonly operation: string
  readonly zoneId: string
  /** The change's job, when its 202 arrived (still RUNNING when polling ended, or unreadable). */
  readonly jobId: string | undefined
  /** When the change was sent (epoch ms, the client's clock). */
  readonly sentAt: number
}

/** A change was sent and neither its job nor the zone's records could tell its outcome. */
export class ChangeOutcomeUnknown extends reason("ChangeOutcomeUnknown", client, "unavailable", "never", {
  code: "change_outcome_unknown",
  source: "client",
  note: "Answer lost and not proven by listing, or the job still RUNNING when polling ended: never resent."
})<ChangeOutcomeFields> {}

/** Any DPF-API reason: what `Effect.catchReason("DpfError", tag, ...)` narrows (from the catalogue). */
export type DpfReason = ReasonOf<typeof catalogue>
