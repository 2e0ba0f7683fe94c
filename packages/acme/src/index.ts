// @faultline/acme-vendor: the made-up acme vendor, built on the vendor kit exactly as a real vendor
// package is (see README.md, the checklist), plus the samples core's and the adapters' tests share.
export { Acme, type AcmeClient, type AcmeFailure, apiKeyHeader, layer, layerConfig, make } from "./Acme.js"
export {
  type AcmeOptions,
  acmeConfigFromEnv,
  acmeDefaults,
  type ResolvedAcmeOptions,
  validateAcmeOptions
} from "./AcmeConfig.js"
export { AcmeError } from "./AcmeError.js"
export { type AcmeReasonClass, catalogue as acmeCatalogue } from "./catalogue.js"
export { decodeError } from "./decodeError.js"
export type { Widget, WidgetList } from "./models.js"
export {
  type AcmeReason,
  BadField,
  BadKey,
  Broken,
  Busy,
  type CreateOutcomeFields,
  CreateOutcomeUnknown,
  Maintenance,
  Missing,
  Refused,
  Slow,
  Throttled,
  Unrecognized
} from "./reasons.js"
export { referenceMarkdown as acmeReferenceMarkdown } from "./reference.js"
export {
  byCategory,
  canary,
  DoLikeError,
  doApiFailure,
  doLikeRunning,
  fail,
  misconfiguredWith,
  one,
  RequestRunning,
  reasons,
  throttledFor,
  transportError
} from "./samples.js"
export {
  type ContractAnswer,
  contractOptions,
  NameOutside,
  ownProblemInput,
  problemContractFailures,
  StepFailed
} from "./problemContract.js"
