// @faultline/certcentral/decode: the decoder alone (`decodeError`, `CertCentralError`, its reasons and
// catalogue), without the client, its HTTP stack, rate limiter or success models. The same classes as
// the package's main entry: a failure decoded here is the one the client raises.
export type {
  DecodeOptions as CertCentralDecodeOptions,
  ErrorResponse as CertCentralResponse
} from "@faultline/core/vendor/decode"
export { CertCentralError } from "./CertCentralError.js"
export { catalogue as certCentralCatalogue, type CertCentralReasonClass } from "./catalogue.js"
export { decodeError, decodeError as decodeCertCentralError, defaultThrottleWait } from "./decodeError.js"
export * as CertCentralReasons from "./reasons.js"
export type { CertCentralReason, ParamFields } from "./reasons.js"
