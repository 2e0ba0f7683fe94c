// The public API of @faultline/certcentral; everything else is internal.
export {
  apiKeyHeader,
  CertCentral,
  type CertCentralClient,
  type CertCentralFailure,
  type RequestOptions as CertCentralRequestOptions
} from "./CertCentral.js"
export {
  type CertCentralOptions,
  certCentralConfigFromEnv,
  certCentralDefaults,
  type ResolvedCertCentralOptions,
  validateCertCentralOptions
} from "./CertCentralConfig.js"
export { CertCentralError } from "./CertCentralError.js"
export { catalogue as certCentralCatalogue, type CertCentralReasonClass } from "./catalogue.js"
export type {
  DecodeOptions as CertCentralDecodeOptions,
  ErrorResponse as CertCentralResponse
} from "@faultline/core/vendor"
export { decodeError, decodeError as decodeCertCentralError, defaultThrottleWait } from "./decodeError.js"
export { type DcvProgress, dcvProgress } from "./dcvProgress.js"
export type {
  DcvCheck,
  DcvRandomValue,
  ListOrdersParams,
  Order,
  OrderList,
  OrderRequest,
  OrderSummary,
  SubmittedOrder
} from "./models.js"
export * as CertCentralReasons from "./reasons.js"
export type { CertCentralReason, ParamFields } from "./reasons.js"
export { referenceMarkdown as certCentralReferenceMarkdown } from "./reference.js"
