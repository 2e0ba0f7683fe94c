import { Reason } from "./Reason.js"

// Reasons for failures of the HTTP exchange itself, whatever the vendor. The vendor defaults to
// "http"; vendor clients pass their own name when they classify.

/** The upstream did not answer in time. The request may have been processed. */
export class UpstreamTimeout extends Reason("UpstreamTimeout", {
  vendor: "http",
  code: "Timeout",
  category: "timeout",
  retry: "idempotent-only"
}) {}

/** The connection failed or broke. The request may have been processed. */
export class TransportFault extends Reason("TransportFault", {
  vendor: "http",
  code: "TransportError",
  category: "upstream-error",
  retry: "idempotent-only"
}) {}

/** A response arrived but its body could not be read or decoded. */
export class UnreadableResponse extends Reason("UnreadableResponse", {
  vendor: "http",
  code: "DecodeError",
  category: "upstream-error",
  retry: "idempotent-only"
}) {}

/** A non-2xx status that no vendor decoder explained; category and retry follow the status. */
export class UnexpectedStatus extends Reason("UnexpectedStatus", {
  vendor: "http",
  code: "StatusCodeError",
  category: "upstream-error",
  retry: "never"
}) {}

/** Our client could not even build the request (bad URL, unencodable body): our bug. */
export class InvalidRequest extends Reason("InvalidRequest", {
  vendor: "http",
  code: "EncodeError",
  category: "misconfigured",
  retry: "never"
}) {}

/**
 * The upstream answered with a redirect. Clients never follow one: a redirected `PUT commit` would be
 * sent twice, and another origin's body must not become our success. The base URL is ours to fix.
 */
export class UnexpectedRedirect extends Reason("UnexpectedRedirect", {
  vendor: "http",
  code: "http_3xx",
  category: "misconfigured",
  retry: "never"
}) {}

/**
 * The response body passed the client's size cap; reading stopped there. The request was processed
 * (an answer came), so it is never resent blindly.
 */
export class ResponseTooLarge extends Reason("ResponseTooLarge", {
  vendor: "http",
  code: "ResponseTooLarge",
  category: "upstream-error",
  retry: "never"
}) {}

export type TransportReason =
  | UpstreamTimeout
  | TransportFault
  | UnreadableResponse
  | UnexpectedStatus
  | InvalidRequest
  | UnexpectedRedirect
  | ResponseTooLarge
