// The public API of @faultline/certcentral; everything else is internal.
// The decoder-only entry's exports (decode.ts: decodeError, CertCentralError, reasons, catalogue).
export * from "./decode.js"
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
export { referenceMarkdown as certCentralReferenceMarkdown } from "./reference.js"
