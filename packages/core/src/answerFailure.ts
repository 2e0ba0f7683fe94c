import { describeFailure } from "./describeFailure.js"
import type { ProblemResponse } from "./Problem.js"
import { isWellFormedRequestId, requestIdFrom } from "./RequestId.js"
import type { ResponseOptions } from "./ResponseOptions.js"
import { defaultRequestIdHeader, problemOf } from "./toProblem.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"

/** The slice of a framework request the answer reads: its headers. */
export interface RequestHeaders {
  readonly headers?: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | undefined
}

/** A problem response plus the request id it was answered under. */
export interface FailureAnswer extends ProblemResponse {
  readonly requestId: string
}

// The app's callbacks run while an error is being answered: one that throws counts as no answer.
const guarded = <A>(f: () => A): A | undefined => {
  try {
    return f()
  } catch {
    return undefined
  }
}

// Ours: the app's own id when well-formed, else the incoming header's, else a new one.
const requestIdOf = <Req extends RequestHeaders>(request: Req, options: ResponseOptions<Req>): string => {
  const own = guarded(() => options.requestId?.(request))
  if (isWellFormedRequestId(own)) return own
  const header = options.requestIdHeader ?? defaultRequestIdHeader
  return requestIdFrom(header === false ? undefined : request.headers?.[header.toLowerCase()])
}

const report = <Req>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>,
  requestId: string,
  status: number,
  aborted: boolean
): void => {
  guarded(() =>
    options.onFailure?.(describeFailure(failure), { error: failure, request, requestId, status, aborted })
  )
}

/**
 * Everything a framework adapter does with a found failure except writing the response: resolves our
 * request id (the app's, else the incoming header, else a new one) and the locale, builds the problem
 * with {@link problemOf} (the failure is not searched again), and reports the failure to the
 * `onFailure` hook.
 */
export const answerFailure = <Req extends RequestHeaders>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>
): FailureAnswer => {
  const requestId = requestIdOf(request, options)
  // The shared response fields pass through as they are; only the per-request ones are resolved here.
  const { requestId: _ownId, onFailure: _hook, locale: chooseLocale, ...shared } = options
  const locale = guarded(() => (typeof chooseLocale === "function" ? chooseLocale(request) : chooseLocale))
  const problem = problemOf(failure, {
    ...shared,
    locale,
    acceptLanguage: request.headers?.["accept-language"],
    instance: requestId
  })
  report(failure, request, options, requestId, problem.status, false)
  return { ...problem, requestId }
}

/**
 * For a failure that came after the response started (headers sent): nothing can be answered any
 * more, so it is only reported to `onFailure`, with the status the client already got and
 * `aborted: true`. The adapter then lets the framework abort the response. Returns our request id.
 */
export const reportAbortedFailure = <Req extends RequestHeaders>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>,
  sentStatus: number
): string => {
  const requestId = requestIdOf(request, options)
  report(failure, request, options, requestId, sentStatus, true)
  return requestId
}
