import { answerError, validateResponseOptions } from "@faultline/core/adapter"
import type { ErrorRequestHandler } from "express"
import type { UpstreamErrorHandlerOptions } from "./options.js"
import { writeProblem } from "./writeProblem.js"

/**
 * Express 5 error middleware: answers a faultline failure (thrown, passed to `next`, the rejection of
 * `Effect.runPromise`, wrapped in a `cause` chain) with core's sanitized `application/problem+json`.
 * It follows core's one answer path (`answerError`), as the NestJS adapter does; an error that came
 * from `effectHandler` is not searched again. Anything else goes to `next(err)` untouched: errors that
 * are no upstream failure, and errors carrying their own status (the app's explicit answer:
 * `status`/`statusCode`, e.g. http-errors with an upstream `cause`, or a NestJS-style `getStatus()`).
 * Once headers were sent, a faultline failure is reported to `onFailure` (with the status already
 * sent and `aborted: true`) and passed to `next(err)`, so Express aborts the response.
 *
 * The options are checked here, so a typo fails at startup (a `TypeError` naming the option).
 *
 * ```ts
 * app.use(upstreamErrorHandler({ onFailure: (d, { requestId }) => log.warn({ ...d, requestId }) }))
 * ```
 */
export const upstreamErrorHandler = <const M extends string = string>(
  options: UpstreamErrorHandlerOptions<M> = {}
): ErrorRequestHandler => {
  validateResponseOptions(options)
  // Four parameters: Express recognises error middleware by its arity.
  return (err, req, res, next) => {
    const outcome = answerError(err, req, res, options)
    // Not ours, or too late: only Express may end (abort) a response whose headers were sent.
    if (outcome._tag !== "Problem") return next(err)
    writeProblem(res, outcome.answer)
  }
}
