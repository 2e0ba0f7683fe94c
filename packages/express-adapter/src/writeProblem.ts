import { mergeVary, type ProblemResponse, staleContentHeaders } from "@faultline/core/adapter"
import type { Response } from "express"

/**
 * Writes a problem response: removes the headers the route set for the body it meant to send
 * (`staleContentHeaders`), joins `Vary` to what earlier middleware said (CORS's `Origin` stays), sets
 * the rest and sends the body. The same for upstream failures and the app's own `problem()`.
 */
export const writeProblem = (res: Response, response: ProblemResponse): void => {
  for (const name of staleContentHeaders) res.removeHeader(name)
  for (const [name, value] of Object.entries(response.headers)) {
    res.set(name, name === "vary" ? mergeVary(res.getHeader("vary"), value) : value)
  }
  res.status(response.status).json(response.body)
}
