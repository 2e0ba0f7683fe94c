// @faultline/do-api/decode: the decoder alone (`decodeError`, `requestIdOf`, `DoApiError`, its reasons
// and catalogue), without the client, its HTTP stack or request signing. The same classes as the
// package's main entry: a failure decoded here is the one the client raises.
export type {
  DecodeOptions as DoApiDecodeOptions,
  ErrorResponse as DoApiResponse
} from "@faultline/core/vendor/decode"
export { DoApiError } from "./DoApiError.js"
export { catalogue as doApiCatalogue, type DoApiReasonClass } from "./catalogue.js"
export { decodeError, decodeError as decodeDoApiError, requestIdOf } from "./decodeError.js"
export * as DoApiReasons from "./reasons.js"
export type {
  BadRequestField,
  DoApiReason,
  MonitoringFailure,
  ParameterProblem,
  RecordValidation
} from "./reasons.js"
