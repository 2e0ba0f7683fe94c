// The public API of @faultline/do-api; everything else is internal.
// The decoder-only entry's exports (decode.ts: decodeError, requestIdOf, DoApiError, reasons, catalogue).
export * from "./decode.js"
export {
  type CanonicalRecord,
  canonicalRecord,
  compareRecord,
  findRecord,
  lookForRecord,
  type RecordLookup,
  type RecordMatch
} from "./canonical.js"
export type { DnsRecord, NewDnsRecord } from "./DnsRecord.js"
export {
  authorizationHeader,
  type CallOptions,
  type CommitOptions,
  DoApi,
  type DoApiClient,
  type DoApiFailure,
  type RequestOptions as DoApiRequestOptions
} from "./DoApi.js"
export {
  type DoApiOptions,
  doApiConfigFromEnv,
  doApiDefaults,
  type ResolvedDoApiOptions,
  validateDoApiOptions
} from "./DoApiConfig.js"
export type { Acknowledged, AddedRecord, RecordList, ZoneList } from "./models.js"
export { apiPath, apiVersion, encodeSegment } from "./path.js"
export { referenceMarkdown as doApiReferenceMarkdown } from "./reference.js"
export {
  type Credentials,
  formatExpire,
  type SignableRequest,
  type Signed,
  type SignOptions,
  sign,
  signatureMethod,
  signatureVersion
} from "./sign.js"
export { zoneName } from "./zone.js"
