import { type ProblemResponse, writeProblemResponse } from "@faultline/core/adapter"
import type { Response } from "express"

/**
 * Writes a problem response: removes the headers the route set for the body it meant to send
 * (`staleContentHeaders`), joins `Vary` to what earlier middleware said (CORS's `Origin` stays), sets
 * the rest and sends the body as UTF-8 JSON with its `Content-Length` (no `ETag`: a problem is
 * `no-store`). The same for upstream failures and the app's own `problem()`, and the same as the
 * NestJS adapter on platform-express (core's `writeProblemResponse`).
 */
export const writeProblem = (res: Response, response: ProblemResponse): void =>
  writeProblemResponse(res, response)
