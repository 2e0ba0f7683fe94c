export {
  isWellFormedRequestId,
  type ProblemInput,
  problem,
  requestIdFrom
} from "@faultline/core/adapter"
export { EffectInterceptor } from "./EffectInterceptor.js"
export { EffectRoute, type EffectRouteMethod } from "./EffectRoute.js"
export { FaultlineModule } from "./FaultlineModule.js"
export type {
  FaultlineModuleAsyncOptions,
  FaultlineModuleRootOptions,
  FaultlineRegistration
} from "./FaultlineModuleDefinition.js"
export { FaultlineRuntime } from "./FaultlineRuntime.js"
export type { FailureContext, FaultlineModuleOptions, UpstreamResponseOptions } from "./options.js"
export { FAULTLINE_OPTIONS } from "./tokens.js"
export { UpstreamExceptionFilter } from "./UpstreamExceptionFilter.js"
