export { type EffectHandlerOptions, type EffectRunner, effectHandler } from "./effectHandler.js"
export type { FailureContext, UpstreamErrorHandlerOptions } from "./options.js"
export { upstreamErrorHandler } from "./upstreamErrorHandler.js"
