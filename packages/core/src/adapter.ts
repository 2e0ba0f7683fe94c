/**
 * The adapter SPI of @faultline/core: everything a framework adapter needs to turn errors into
 * problem responses the way the Express and NestJS adapters do, so a new adapter cannot drift.
 */
export { type ErrorAnswer, type ResponseProgress, answerError } from "./adapter/answerError.js"
export {
  type DisconnectingResponse,
  clientGone,
  interruptOnDisconnect
} from "./adapter/clientDisconnect.js"
export { explicitStatus } from "./adapter/explicitStatus.js"
export { type EffectForker, type HandlerResponse, runForResponse } from "./adapter/runForResponse.js"
export {
  type ProblemTarget,
  problemHeaderValue,
  writeProblemResponse
} from "./adapter/writeProblemResponse.js"
export {
  type AnsweredResponse,
  type RoutedRequest,
  type ServerSpan,
  routeTemplate,
  serverSpan,
  withServerSpan
} from "./adapter/serverSpan.js"
export {
  type FailureAnswer,
  type RequestHeaders,
  type ResolvedRequest,
  answerFailure,
  reportAbortedFailure,
  requestIdOf,
  resolveRequest
} from "./answerFailure.js"
export { type LocatedError, failureIn, locate, locateCause } from "./locateFailure.js"
export { problem, type ProblemInput } from "./appProblem.js"
export { isWellFormedRequestId, requestIdFrom } from "./RequestId.js"
export { type FailureDescription, describeFailure } from "./describeFailure.js"
export { errorOfCause } from "./errorOfCause.js"
export { findUpstreamFailure } from "./findUpstreamFailure.js"
export type { Locale } from "./Locale.js"
export { mergeVary } from "./mergeVary.js"
export type { ProblemBody, ProblemFieldError, ProblemResponse } from "./Problem.js"
export type { BaseResponseOptions, FailureContext, ResponseOptions } from "./ResponseOptions.js"
export { staleContentHeaders } from "./staleContentHeaders.js"
export { type ProblemOptions, internalProblem, problemOf, toProblem } from "./toProblem.js"
export { isUpstreamFailure, type UpstreamFailure } from "./UpstreamFailure.js"
export { validateResponseOptions } from "./validateResponseOptions.js"
