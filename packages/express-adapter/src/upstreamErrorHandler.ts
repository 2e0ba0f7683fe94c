import {
  answerFailure,
  findUpstreamFailure,
  isUpstreamFailure,
  staleContentHeaders,
  validateResponseOptions
} from "@faultline/core"
import type { ErrorRequestHandler } from "express"
import { explicitStatus } from "./explicitStatus.js"
import type { UpstreamErrorHandlerOptions } from "./options.js"

/**
 * Express 5 error middleware: answers a faultline failure (thrown, passed to `next`, the rejection of
 * `Effect.runPromise`, wrapped in a `cause` chain) with core's sanitized `application/problem+json`.
 * Anything else goes to `next(err)` untouched: errors that are no upstream failure, errors carrying
 * their own `status`/`statusCode` (the app's explicit answer, e.g. http-errors with an upstream
 * `cause`), and every error once headers were sent, since only Express can then end (abort) the
 * response; a faultline failure is still reported to `onFailure` then.
 *
 * The options are checked here, so a typo fails at startup (a `TypeError` naming the option).
 *
 * ```ts
 * app.use(upstreamErrorHandler({ onFailure: (d, { requestId }) => log.warn({ ...d, requestId }) }))
 * ```
 */
export const upstreamErrorHandler = (options: UpstreamErrorHandlerOptions = {}): ErrorRequestHandler => {
  validateResponseOptions(options)
  // Four parameters: Express recognises error middleware by its arity.
  return (err, req, res, next) => {
    if (!isUpstreamFailure(err) && explicitStatus(err) !== undefined) return next(err)
    const failure = findUpstreamFailure(err)
    if (failure === undefined) return next(err)

    if (res.headersSent) {
      // Too late for a problem: log it with the status the client already got, and let Express
      // abort the response so the client sees it incomplete.
      const sent = res.statusCode
      const onFailure = options.onFailure
      answerFailure(failure, req, {
        ...options,
        onFailure:
          onFailure && ((description, context) => onFailure(description, { ...context, status: sent }))
      })
      return next(err)
    }

    const { status, headers, body } = answerFailure(failure, req, options)
    for (const name of staleContentHeaders) res.removeHeader(name)
    res.status(status).set(headers).json(body)
  }
}
