// The public API of @faultline/core for apps. Vendor packages build on `@faultline/core/vendor`,
// framework adapters on `@faultline/core/adapter`; what is listed here is the semver promise.
export { answerFailure, type FailureAnswer, type RequestHeaders } from "./answerFailure.js"
export { type Category, categories, defaultStatus, isCategory, type ProblemCode, problemCode } from "./Category.js"
export { type FailureDescription, describeFailure } from "./describeFailure.js"
export { errorOfCause } from "./errorOfCause.js"
export type { FieldIssue } from "./FieldIssue.js"
export { findUpstreamFailure } from "./findUpstreamFailure.js"
export { type ClassifyOptions, fromHttpClientError } from "./fromHttpClientError.js"
export { InvalidOptionError } from "./InvalidOptionError.js"
export { type Locale, type LocalizedText, locales, negotiateLocale, type Text } from "./Locale.js"
export { categoryText, internalErrorText, issueDetail } from "./messages.js"
export type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
export { isWellFormedRequestId, requestIdFrom } from "./RequestId.js"
export type { FailureContext, ResponseOptions } from "./ResponseOptions.js"
export { parseRetryAfter, retryAfterSeconds } from "./RetryAfter.js"
export type { RetryOptions } from "./RetryOptions.js"
export { allowsRetry, isRetryPolicy, type RetryPolicy, retryPolicies } from "./RetryPolicy.js"
export { type RetryUpstreamOptions, retryUpstream, upstreamBackoff } from "./retryUpstream.js"
export { staleContentHeaders } from "./staleContentHeaders.js"
export {
  defaultRequestIdHeader,
  defaultTypeBaseUri,
  defaultUpstreamRequestIdHeader,
  type ProblemOptions,
  toProblem
} from "./toProblem.js"
export {
  InvalidRequest,
  ResponseTooLarge,
  TransportFault,
  type TransportReason,
  UnexpectedRedirect,
  UnexpectedStatus,
  UnreadableResponse,
  UpstreamTimeout
} from "./TransportReason.js"
export { UpstreamError } from "./UpstreamError.js"
export { FailureTypeId, isUpstreamFailure, reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"
export { isUpstreamReason, ReasonTypeId, type UpstreamReason } from "./UpstreamReason.js"
export { validateResponseOptions } from "./validateResponseOptions.js"
