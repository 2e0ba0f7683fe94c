import { answerFailure, findUpstreamFailure } from "@faultline/core"
import type { ErrorRequestHandler } from "express"
import type { UpstreamErrorHandlerOptions } from "./options.js"

// Headers a route may have set for the body it meant to send; they would misdescribe the problem.
// Others (CORS, security headers set by earlier middleware) stay, as with Express's final handler.
const contentHeaders = [
  "content-disposition",
  "content-encoding",
  "content-language",
  "content-length",
  "content-range",
  "etag",
  "last-modified"
]

/**
 * Express 5 error middleware: answers a faultline failure (thrown, passed to `next`, the rejection of
 * `Effect.runPromise`, wrapped in a `cause` chain) with core's sanitized `application/problem+json`.
 * Anything else goes to `next(err)` untouched, and so does every error once headers were sent, since
 * only Express can then end the response.
 *
 * ```ts
 * app.use(upstreamErrorHandler({ onFailure: (d, { requestId }) => log.warn({ ...d, requestId }) }))
 * ```
 */
export const upstreamErrorHandler = (options: UpstreamErrorHandlerOptions = {}): ErrorRequestHandler => {
  // Four parameters: Express recognises error middleware by its arity.
  return (err, req, res, next) => {
    if (res.headersSent) return next(err)
    const failure = findUpstreamFailure(err)
    if (failure === undefined) return next(err)

    const { status, headers, body } = answerFailure(failure, req, options)
    for (const name of contentHeaders) res.removeHeader(name)
    res.status(status).set(headers).json(body)
  }
}
