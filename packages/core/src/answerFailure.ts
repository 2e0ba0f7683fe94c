import { describeFailure } from "./describeFailure.js"
import { isWellFormedRequestId, requestIdFrom } from "./RequestId.js"
import type { ProblemResponse } from "./Problem.js"
import type { ResponseOptions } from "./ResponseOptions.js"
import { defaultRequestIdHeader, toProblem } from "./toProblem.js"
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

/**
 * Everything a framework adapter does with a failure except writing the response: resolves our
 * request id (the app's, else the incoming header, else a new one) and the locale, builds the problem
 * with {@link toProblem}, and reports the failure to the `onFailure` hook.
 */
export const answerFailure = <Req extends RequestHeaders>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>
): FailureAnswer => {
  const own = guarded(() => options.requestId?.(request))
  const header = options.requestIdHeader ?? defaultRequestIdHeader
  const requestId = isWellFormedRequestId(own)
    ? own
    : requestIdFrom(header === false ? undefined : request.headers?.[header.toLowerCase()])
  const locale = guarded(() =>
    typeof options.locale === "function" ? options.locale(request) : options.locale
  )
  const problem = toProblem(failure, {
    locale,
    acceptLanguage: request.headers?.["accept-language"],
    instance: requestId,
    typeBaseUri: options.typeBaseUri,
    statusByCategory: options.statusByCategory,
    exposeUpstreamCodes: options.exposeUpstreamCodes,
    requestIdHeader: options.requestIdHeader,
    upstreamRequestIdHeader: options.upstreamRequestIdHeader
  })
  guarded(() =>
    options.onFailure?.(describeFailure(failure), {
      error: failure,
      request,
      requestId,
      status: problem.status
    })
  )
  return { ...problem, requestId }
}
