import { problem, type ProblemInput } from "@faultline/core/adapter"
import type { Request, Response } from "express"
import type { UpstreamErrorHandlerOptions } from "./options.js"
import { writeProblem } from "./writeProblem.js"

/**
 * Answers an app's own error (`{ status, code, title?, detail?, errors?, extensions? }`) with core's
 * `problem()`, under the same request id, language, headers and shape as `upstreamErrorHandler`
 * answers an upstream failure. Give it the same options as the handler.
 *
 * ```ts
 * if (!zones.has(name)) return sendProblem(req, res, { status: 422, code: "name_outside_zones" }, options)
 * ```
 */
export const sendProblem = (
  req: Request,
  res: Response,
  input: ProblemInput,
  options: UpstreamErrorHandlerOptions = {}
): void => writeProblem(res, problem(input, { ...options, request: req }))
