/**
 * The vendor SPI of faultline (`@faultline/core/vendor`): what a vendor package (`@faultline/certcentral`,
 * `@faultline/do-api`, a third one) builds on. Apps rarely need it; it follows core's version but its
 * shapes serve the vendor packages first.
 */
export { type UpstreamAnswer, type UpstreamCall, type UpstreamCaller, callUpstream } from "./callUpstream.js"
export {
  type CatalogueIndex,
  type CatalogueRow,
  indexCatalogue,
  type ReasonOf,
  statusCode,
  UnrecognizedReason,
  unknownCode
} from "./Catalogue.js"
export type { DecodeError, DecodeOptions, ErrorResponse } from "./ErrorResponse.js"
export { decodeLenient, type Lenient } from "./decodeLenient.js"
export { type ExchangePolicy, withExchangePolicy } from "./exchangePolicy.js"
export { Failure, type FailureArgs, type FailureClass, type FailureInstance } from "./Failure.js"
// The limiter service a vendor client's `make` needs: exported here so the vendors' inferred types
// can name it.
export { RollingWindowLimiter } from "./RollingWindowLimiter.js"
export {
  layerMemoryLimiter,
  limitAttempt,
  limiterKey,
  type RateLimitWindow,
  rollingWindow,
  validateRateLimit,
  type WindowBucket
} from "./rateLimit.js"
export {
  headerValue,
  ownField,
  parseJsonBody,
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
export { localizedText } from "./Locale.js"
export { isWellFormedRequestId } from "./RequestId.js"
export {
  codeHash,
  downstreamCode,
  hashedCode,
  logSafeCode,
  unrecognizedPlaceholder
} from "./sanitizeCode.js"
export { parseRetryAfter } from "./RetryAfter.js"
export { type ResolvedRetryOptions, validateRetryOptions } from "./RetryOptions.js"
export { type RetryControl, RetryAllowance } from "./retryUpstream.js"
export { withoutStackTrace } from "./withoutStackTrace.js"
export { outcomeUnknown } from "./outcomeUnknown.js"
export { type ReferenceOptions, referenceMarkdown } from "./reference.js"
export {
  type Reconciliation,
  type SendExactlyOnce,
  sendExactlyOnce
} from "./sendExactlyOnce.js"
export { statusCategory } from "./statusCategory.js"
export {
  all as allOptions,
  baseUrl,
  boolean,
  type Checked,
  integerIn,
  invalid,
  knownOptions,
  nonNegativeDuration,
  numberIn,
  positiveDuration,
  secret
} from "./validateOptions.js"
export {
  type AnswerReader,
  bySchema,
  type Connection,
  headerCredential,
  invalidRequest,
  makeVendorClient,
  readAnswer,
  unreadable,
  type Vendor,
  type VendorClient,
  vendorLayers,
  vendorMake,
  type VendorParts,
  type VendorRequest,
  vendorService
} from "./vendorClient.js"
export {
  type Checked$,
  commonDefaults,
  type OptionChecks,
  type ReconcileOptions,
  type ResolvedVendorOptions,
  type VendorDefaults,
  type VendorOptions,
  type VendorOptionsSpec,
  validateVendorOptions
} from "./vendorOptions.js"
export { withAttempts } from "./withAttempts.js"
