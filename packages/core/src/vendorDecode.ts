/**
 * The decoding part of the vendor SPI (`@faultline/core/vendor/decode`): what a vendor's `decodeError`,
 * its reasons, catalogue and error class are built from, and nothing of the client (HTTP, streams,
 * rate limiting, retry). A vendor's decoder-only entry (`@faultline/<vendor>/decode`) imports only
 * this, so it loads and bundles small. `@faultline/core/vendor` re-exports all of it.
 */
export {
  type CatalogueIndex,
  type CatalogueRow,
  indexCatalogue,
  type ReasonOf,
  statusCode,
  UnrecognizedReason,
  unknownCode
} from "./Catalogue.js"
export {
  type AnswerFacts,
  decodedFailure,
  decodedReason,
  decodedReasonOf
} from "./decodedReason.js"
export type { DecodeError, DecodeOptions, ErrorResponse } from "./ErrorResponse.js"
export { Failure, type FailureArgs, type FailureClass, type FailureInstance } from "./Failure.js"
export { localizedText } from "./Locale.js"
export {
  headerValue,
  ownField,
  parseJsonBody,
  redactOnRead,
  upstreamBounds,
  upstreamCode,
  upstreamMessage,
  upstreamStatus,
  upstreamText
} from "./readUpstream.js"
export {
  Reason,
  type ReasonArgs,
  type ReasonClass,
  type ReasonInstance,
  type ReasonSource,
  type ReasonSpec
} from "./Reason.js"
export { isWellFormedRequestId } from "./RequestId.js"
export { parseRetryAfter } from "./RetryAfter.js"
export {
  codeHash,
  downstreamCode,
  hashedCode,
  logSafeCode,
  unrecognizedPlaceholder
} from "./sanitizeCode.js"
export { type StatusMeaning, statusCategory } from "./statusCategory.js"
export { withoutStackTrace } from "./withoutStackTrace.js"
