// @faultline/dpf/decode: the decoder alone (`decodeError`, `requestIdOf`, `DpfError`, its reasons and
// catalogue), without the client, its HTTP stack or job polling. The same classes as the package's
// main entry: a failure decoded here is the one the client raises.
export type {
  DecodeOptions as DpfDecodeOptions,
  ErrorResponse as DpfResponse
} from "@faultline/core/vendor/decode"
export { DpfError } from "./DpfError.js"
export { catalogue as dpfCatalogue, type DpfReasonClass } from "./catalogue.js"
export { decodeError, decodeError as decodeDpfError, requestIdOf } from "./decodeError.js"
export * as DpfReasons from "./reasons.js"
export type { ChangeOutcomeFields, DpfReason } from "./reasons.js"
