export type { SimulatedOrder, TxtResolver } from "./certCentralApi.js"
export { certCentralErrorBody, certCentralFixtures } from "./certCentralFixtures.js"
export {
  CertCentralSimulator,
  type CertCentralSimulatorHandle,
  type CertCentralSimulatorOptions,
  startCertCentralSimulator
} from "./CertCentralSimulator.js"
export type {
  AcmeClientOptions,
  CertCentralClientOptions,
  DoApiClientOptions,
  DpfClientOptions
} from "./clientOptions.js"
export { type ParsedCsr, parseCsr } from "./csr.js"
export { type CsrSubject, CsrToolError, type MakeCsrOptions, makeCsr } from "./makeCsr.js"
export type { SimulatedRecord } from "./doApiApi.js"
export { doApiErrorBody, doApiFixtures, sampleRequestId } from "./doApiFixtures.js"
export { doApiListedForm } from "./doApiListing.js"
export { type DoApiEndpointFact, doApiWireFacts } from "./doApiWireFacts.js"
export { type DoApiCredentials, doApiStringToSign } from "./doApiSignature.js"
export {
  DoApiSimulator,
  type DoApiSimulatorHandle,
  type DoApiSimulatorOptions,
  startDoApiSimulator
} from "./DoApiSimulator.js"
export { type Fault, faults, type InjectOptions } from "./Fault.js"
export type { Fixture } from "./Fixture.js"
export type { RecordedRequest } from "./RecordedRequest.js"
export { type RedisServerHandle, type RedisServerOptions, startRedisServer } from "./redisServer.js"
export { defaultRateLimits, type RateLimit, RollingWindows } from "./RollingWindows.js"
export type { SimulatorHandle } from "./SimulatorHandle.js"
export { SimulatorStartError } from "./SimulatorStartError.js"
export {
  type AcmeSimulatorHandle,
  type AcmeSimulatorOptions,
  acmeErrorBody,
  acmeErrorStatuses,
  type SimulatedWidget,
  startAcmeSimulator
} from "./AcmeSimulator.js"
export type { DpfJobView, DpfListedRecord, DpfZone } from "./dpfApi.js"
export {
  type DpfErrorDetail,
  dpfErrorBody,
  dpfFixtures,
  dpfProxyFixtures,
  dpfSampleBlockId,
  dpfSampleRequestId
} from "./dpfFixtures.js"
export { type DpfEndpointFact, dpfOpenApi, dpfWireFacts } from "./dpfWireFacts.js"
export {
  DpfSimulator,
  type DpfSimulatorHandle,
  type DpfSimulatorOptions,
  startDpfSimulator
} from "./DpfSimulator.js"
