// Core's problem() for an app's own errors; `UpstreamExceptionFilter.answerProblem` writes one.
export { type ProblemInput, problem } from "@faultline/core/adapter"
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
