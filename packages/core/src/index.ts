// The public API of @faultline/core for apps: what is listed here is the semver promise. Vendor
// packages build on `@faultline/core/vendor`, framework adapters on `@faultline/core/adapter`.
export {
  type Category,
  categories,
  defaultStatus,
  isCategory,
  type ProblemCode,
  problemCode
} from "./Category.js"
export { type FailureDescription, describeFailure } from "./describeFailure.js"
export type { FieldIssue } from "./FieldIssue.js"
export { findUpstreamFailure } from "./findUpstreamFailure.js"
export { type ClassifyOptions, fromHttpClientError } from "./fromHttpClientError.js"
export { InvalidOptionError } from "./InvalidOptionError.js"
export {
  type Locale,
  type LocalizedText,
  locales,
  negotiateLanguage,
  negotiateLocale,
  type Text
} from "./Locale.js"
export type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
export type { ProblemDocument, UpstreamProblemCode } from "./problemDocument.js"
export {
  type AppProblemOptions,
  type LocalizedString,
  type ProblemFieldInput,
  type ProblemInput,
  problem
} from "./appProblem.js"
export {
  type LanguageMessages,
  type ProblemMessages,
  type ProblemTextCode,
  problemTextCodes
} from "./ProblemMessages.js"
export { type ProblemExtensions, type ProblemExtensionValue, reservedMembers } from "./problemExtensions.js"
export { isWellFormedRequestId, requestIdFrom, requestIdPattern } from "./RequestId.js"
export { validateResponseOptions } from "./validateResponseOptions.js"
export type { BaseResponseOptions, FailureContext, ResponseOptions } from "./ResponseOptions.js"
export type { RetryOptions } from "./RetryOptions.js"
export { allowsRetry, isRetryPolicy, type RetryPolicy, retryPolicies } from "./RetryPolicy.js"
export { type RetryUpstreamOptions, retryUpstream, upstreamBackoff } from "./retryUpstream.js"
export {
  defaultRequestIdHeader,
  defaultTypeBaseUri,
  defaultUpstreamRequestIdHeader,
  internalProblem,
  type ProblemOptions,
  problemOf,
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
export { RateLimiterUnavailable } from "./LimiterReason.js"
export * as RollingWindowLimiter from "./RollingWindowLimiter.js"
export * as RollingWindowStore from "./RollingWindowStore.js"
export { layerStoreRedis as layerRollingWindowStoreRedis } from "./rollingWindowRedis.js"
export { logSafeCode } from "./sanitizeCode.js"
// The metrics every client records (through effect's `Metric`): read them, or export them with
// effect's OTLP exporter (`effect/observability`).
export * as UpstreamMetrics from "./telemetry/metrics.js"
export { upstreamUrl } from "./telemetry/upstreamUrl.js"
export { UpstreamError } from "./UpstreamError.js"
export { FailureTypeId, isUpstreamFailure, reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"
export { isUpstreamReason, ReasonTypeId, type UpstreamReason } from "./UpstreamReason.js"
