/**
 * The vendor SPI of faultline (`@faultline/core/vendor`): what a vendor package (`@faultline/certcentral`,
 * `@faultline/do-api`, a third one) builds on. Apps rarely need it; it follows core's version but its
 * shapes serve the vendor packages first.
 */
// The decoding part (reasons, failures, catalogue, response reading), also `@faultline/core/vendor/decode`.
export * from "./vendorDecode.js"
export {
  type UpstreamAnswer,
  type UpstreamCall,
  type UpstreamCaller,
  callUpstream,
  upstreamRequestIdAttribute
} from "./callUpstream.js"
export { decodeLenient, type Lenient } from "./decodeLenient.js"
export { type ExchangePolicy, withExchangePolicy } from "./exchangePolicy.js"
// The limiter service a vendor client's `make` needs: exported here so the vendors' inferred types
// can name it.
export { RollingWindowLimiter } from "./RollingWindowLimiter.js"
export {
  layerMemoryLimiter,
  limitAttempt,
  limiterKey,
  type RateLimitWindow,
  rollingWindow,
  validateRateLimit
} from "./rateLimit.js"
export { type ResolvedRetryOptions, validateRetryOptions } from "./RetryOptions.js"
export { type RetryControl, RetryAllowance } from "./retryUpstream.js"
export { outcomeUnknown } from "./outcomeUnknown.js"
export { type ReferenceOptions, referenceMarkdown } from "./reference.js"
export {
  type Reconciliation,
  type SendExactlyOnce,
  sendExactlyOnce
} from "./sendExactlyOnce.js"
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
