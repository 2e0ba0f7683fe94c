import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import { describeFailure } from "./describeFailure.js"
import { isWellFormedRequestId } from "./RequestId.js"
import type { ResolvedRetryOptions } from "./RetryOptions.js"
import { retryResolved } from "./retryUpstream.js"
import type { UpstreamError } from "./UpstreamError.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"
import { outcomeUnknown } from "./outcomeUnknown.js"

/** One answer of the upstream, fully read by the exchange policy. */
export interface UpstreamAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /** The body as text (at most the client's `maxResponseBytes`). */
  readonly body: string
  /** When the answer arrived (epoch ms, effect's `Clock`), for an HTTP-date `Retry-After`. */
  readonly now: number
  /** Whether an earlier attempt of this call failed in a way that means it may have been processed. */
  readonly afterMaybeProcessed: boolean
}

/** One call of a vendor client: what `callUpstream` sends and how it reads the answer. */
export interface UpstreamCall<A, F extends UpstreamFailure> {
  /** The client's name in spans and logs, e.g. `CertCentral`. */
  readonly service: string
  /** The upstream's name, e.g. `certcentral` (`peer.service`). */
  readonly vendor: string
  /** The client method, e.g. `submitOrder`: the span is `<service>.<operation>`. */
  readonly operation: string
  /** The route template (no ids), e.g. `order/certificate/{order_id}`. */
  readonly route: string
  /** The request without credentials (the exchange policy writes them). */
  readonly request: HttpClientRequest.HttpClientRequest
  /** Whether sending it twice is harmless: decides the retry of `idempotent-only` failures. */
  readonly idempotent: boolean
  /** The vendor's reading of an answer: its error, or the success model (decoded leniently). */
  readonly decode: (answer: UpstreamAnswer) => Effect.Effect<A, F | UpstreamError>
  /** A further retry condition of the vendor (e.g. DO-API's maintenance is left to the caller). */
  readonly retryWhile?: ((failure: UpstreamFailure) => boolean) | undefined
  /**
   * A failure that says the request was not processed and will pass when sent again at once, with
   * no backoff (DO-API's expired signature: the next attempt is signed afresh). It is resent once;
   * both sends count as attempts.
   */
  readonly resendOnce?: ((failure: UpstreamFailure) => boolean) | undefined
}

/** What a client fixes once for all its calls. */
export interface UpstreamCaller {
  /** The client with the exchange policy applied. */
  readonly client: HttpClient.HttpClient.With<UpstreamError>
  readonly retry: ResolvedRetryOptions
  /** Runs before each attempt, outside its timeout: the rate limiter's wait. */
  readonly beforeAttempt: Effect.Effect<void>
  /**
   * Wraps each attempt's send (up to the answer's head): the rolling-window limiter's permit, which
   * counts the attempt when its answer is back (`limitAttempt`). None when absent.
   */
  readonly limit?:
    | (<A, E, R>(attempt: Effect.Effect<A, E, R>) => Effect.Effect<A, E | UpstreamError, R>)
    | undefined
}

// The upstream's request id as a span attribute and log annotation, when it is a well-formed token.
const upstreamRequestId = (failure: UpstreamFailure): string | undefined =>
  isWellFormedRequestId(failure.reason.requestId) ? failure.reason.requestId : undefined

/**
 * Runs one vendor call the way every faultline client does, so the vendor packages cannot drift:
 * a client span `<service>.<operation>` (`http.request.method`, `http.route`, `peer.service`,
 * `faultline.idempotent`, then `http.response.status_code`, `faultline.attempts` and, on failure,
 * `faultline.reason`, `faultline.category` and `faultline.upstream_request_id`); per attempt the rate
 * limiter's wait, the exchange and the vendor's decoding; `retryUpstream` over the attempts, as far
 * as each failure's retry class and the call's idempotency allow; a debug log line per failed
 * attempt with the failure's log-safe description (never upstream text).
 */
export const callUpstream = <A, F extends UpstreamFailure>(
  caller: UpstreamCaller,
  call: UpstreamCall<A, F>
): Effect.Effect<A, F | UpstreamError> =>
  // Per run: the same Effect value may be run many times, each with its own attempts.
  Effect.suspend(() => {
    let maybeProcessed = false
    const attempt = Effect.gen(function* () {
      yield* caller.beforeAttempt
      const afterMaybeProcessed = maybeProcessed
      // The limiter counts the request when its answer's head is back: the upstream counted it no later.
      const send = caller.client.execute(call.request)
      const response = yield* caller.limit === undefined ? send : caller.limit(send)
      yield* Effect.annotateCurrentSpan("http.response.status_code", response.status)
      const body = yield* Effect.orElseSucceed(response.text, () => "")
      const now = yield* Clock.currentTimeMillis
      return yield* call.decode({
        status: response.status,
        headers: response.headers,
        body,
        now,
        afterMaybeProcessed
      })
    }).pipe(
      Effect.tapError((failure) => {
        if (outcomeUnknown(failure)) maybeProcessed = true
        return Effect.logDebug(`${call.service}.${call.operation} failed`, describeFailure(failure)).pipe(
          Effect.annotateLogs({
            "faultline.vendor": call.vendor,
            "faultline.upstream_request_id": upstreamRequestId(failure) ?? ""
          })
        )
      })
    )
    return attempt.pipe(
      retryResolved(caller.retry, {
        idempotent: call.idempotent,
        while: call.retryWhile,
        // The failures here are already typed: the retry reads them as they are.
        classify: (failure) => failure as F | UpstreamError,
        resendOnce: call.resendOnce,
        onSent: (sent) => Effect.annotateCurrentSpan("faultline.attempts", sent)
      }),
      Effect.tapError((failure) => {
        const requestId = upstreamRequestId(failure)
        return Effect.annotateCurrentSpan({
          "faultline.reason": failure.reason._tag,
          "faultline.category": failure.reason.category,
          ...(requestId !== undefined ? { "faultline.upstream_request_id": requestId } : {})
        })
      })
    )
  }).pipe(
    Effect.withSpan(`${call.service}.${call.operation}`, {
      kind: "client",
      attributes: {
        "http.request.method": call.request.method,
        "http.route": call.route,
        "peer.service": call.vendor,
        "faultline.idempotent": call.idempotent
      }
    })
  )
