export {
  isWellFormedRequestId,
  type ProblemInput,
  problem,
  requestIdFrom
} from "@faultline/core/adapter"
export { type EffectHandlerOptions, type EffectRunner, effectHandler } from "./effectHandler.js"
export type { FailureContext, UpstreamErrorHandlerOptions } from "./options.js"
export { sendProblem } from "./sendProblem.js"
export { upstreamErrorHandler } from "./upstreamErrorHandler.js"
export { writeProblem } from "./writeProblem.js"
