import { describeFailure } from "./describeFailure.js"
import type { ProblemResponse } from "./Problem.js"
import { safeExtensions } from "./problemExtensions.js"
import { isWellFormedRequestId, requestIdFrom } from "./RequestId.js"
import type { ResponseOptions } from "./ResponseOptions.js"
import { answerPlan } from "./answerPlan.js"
import { type ProblemOptions, problemIn, requestIdHeaderName } from "./toProblem.js"
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
 * Our request id for a request, by core's one rule: the app's own (`requestId` option) when
 * well-formed, else the incoming request-id header when well-formed ({@link requestIdFrom}), else a
 * new UUID.
 */
export const requestIdOf = <Req extends RequestHeaders>(
  request: Req,
  options: ResponseOptions<Req>
): string => {
  const ownId = options.requestId
  if (ownId !== undefined) {
    const own = guarded(() => ownId(request))
    if (isWellFormedRequestId(own)) return own
  }
  // Node gives request headers in lower case, as the problem's header is named.
  const name = requestIdHeaderName(options)
  return requestIdFrom(name === undefined ? undefined : request.headers?.[name])
}

/** What an adapter resolves per request before building any problem: our id, the language inputs. */
export interface ResolvedRequest {
  readonly requestId: string
  readonly problemOptions: ProblemOptions
}

/**
 * Resolves the per-request fields of the adapter options (request id, locale choice,
 * `Accept-Language`) into `ProblemOptions`; the shared fields pass through as they are. Used for
 * upstream failures and for `problem()` alike, so both answer under the same id and language.
 */
export const resolveRequest = <Req extends RequestHeaders>(
  request: Req,
  options: ResponseOptions<Req>
): ResolvedRequest => {
  const requestId = requestIdOf(request, options)
  const {
    requestId: _ownId,
    onFailure: _hook,
    extend: _extend,
    extensionMembers: _members,
    locale: chooseLocale,
    ...shared
  } = options
  const chosen = typeof chooseLocale === "function"
  const locale = guarded(() => (chosen ? chooseLocale(request) : chooseLocale))
  return {
    requestId,
    problemOptions: {
      ...shared,
      locale,
      // A per-request choice may have read Accept-Language: caches must keep the answers apart.
      varyByLanguage: chosen,
      acceptLanguage: request.headers?.["accept-language"],
      instance: requestId
    }
  }
}

const report = <Req>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>,
  requestId: string,
  status: number,
  aborted: boolean
): void => {
  const hook = options.onFailure
  if (hook === undefined) return
  guarded(() => hook(describeFailure(failure), { error: failure, request, requestId, status, aborted }))
}

/**
 * Everything a framework adapter does with a found failure except writing the response: resolves our
 * request id and language (by the rules of {@link resolveRequest}), builds the problem with
 * {@link problemIn} (the failure is not searched again), adds the app's declared extension members
 * (`extend`, checked by `safeExtensions`), and reports the failure to the `onFailure` hook. `error`
 * is what was caught (the app's wrapper, when the failure was found inside one), given to `extend`.
 * What does not change per request (the options' shape, the language headers, the negotiated
 * `Accept-Language` values) is worked out once per options object ({@link answerPlan}).
 */
export const answerFailure = <Req extends RequestHeaders>(
  failure: UpstreamFailure,
  request: Req,
  options: ResponseOptions<Req>,
  error: unknown = failure
): FailureAnswer => {
  const plan = answerPlan(options)
  const requestId = requestIdOf(request, options)
  const problem = problemIn(failure, options, plan.language(request), requestId)
  const extend = options.extend
  const members =
    extend !== undefined && options.extensionMembers !== undefined
      ? safeExtensions(
          guarded(() => extend(failure, request, error)),
          options.extensionMembers,
          failure
        )
      : undefined
  report(failure, request, options, requestId, problem.status, false)
  const body =
    members === undefined || Object.keys(members).length === 0
      ? problem.body
      : { ...problem.body, ...members }
  return { status: problem.status, headers: problem.headers, body, requestId }
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
