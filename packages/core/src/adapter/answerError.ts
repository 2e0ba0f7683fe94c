import {
  answerFailure,
  type FailureAnswer,
  type RequestHeaders,
  reportAbortedFailure
} from "../answerFailure.js"
import { locate } from "../locateFailure.js"
import type { ResponseOptions } from "../ResponseOptions.js"
import type { UpstreamFailure } from "../UpstreamFailure.js"
import { explicitStatus } from "./explicitStatus.js"

/** The slice of Node's `ServerResponse` the decision reads: whether it started, and with what status. */
export interface ResponseProgress {
  readonly headersSent: boolean
  readonly statusCode: number
}

/** What an adapter does with an error that reached it. */
export type ErrorAnswer =
  /** Not ours: no upstream failure in it, or the app's explicit answer. The framework handles it. */
  | { readonly _tag: "NotOurs" }
  /**
   * Too late to answer: the response had started. The failure was reported (with the status sent and
   * `aborted: true`); the adapter lets the framework abort the response, never end it cleanly.
   */
  | { readonly _tag: "Abort"; readonly failure: UpstreamFailure; readonly requestId: string }
  /** Write this problem, after removing `staleContentHeaders`. The failure was reported. */
  | { readonly _tag: "Problem"; readonly failure: UpstreamFailure; readonly answer: FailureAnswer }

/**
 * The one answer path of every framework adapter: from what came out of a request (an Effect `Exit`
 * or `Cause`, or a thrown error) to `Problem | Abort | NotOurs`, by these rules in order, so the
 * adapters cannot drift:
 * 1. an error with its own status ({@link explicitStatus}) is the app's explicit answer: not ours;
 * 2. an error holding no upstream failure is not ours either. The failure is found once per request:
 *    an error that came out of `errorOfCause` (the adapters' Effect runners) carries what was found
 *    there, and is not searched again;
 * 3. once the response started, it is too late for a problem: the failure is reported, then aborted;
 * 4. otherwise the failure is answered with {@link answerFailure} (request id, language, `extend`,
 *    `onFailure`).
 */
export const answerError = <Req extends RequestHeaders>(
  source: unknown,
  request: Req,
  response: ResponseProgress,
  options: ResponseOptions<Req>
): ErrorAnswer => {
  const { error, failure } = locate(source)
  if (failure === undefined || explicitStatus(error) !== undefined) return { _tag: "NotOurs" }
  if (response.headersSent) {
    const requestId = reportAbortedFailure(failure, request, options, response.statusCode)
    return { _tag: "Abort", failure, requestId }
  }
  return { _tag: "Problem", failure, answer: answerFailure(failure, request, options, error) }
}
