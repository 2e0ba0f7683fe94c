import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import type * as Tracer from "effect/Tracer"
import { describeFailure } from "./describeFailure.js"
import { isWellFormedRequestId } from "./RequestId.js"
import type { ResolvedRetryOptions } from "./RetryOptions.js"
import { retryResolved } from "./retryUpstream.js"
import type { UpstreamError } from "./UpstreamError.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"
import { outcomeUnknown } from "./outcomeUnknown.js"
import { countFailure, countRetry } from "./telemetry/recordMetrics.js"
import { clientSpanAttributes } from "./telemetry/upstreamUrl.js"

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
  /** The upstream's name, e.g. `certcentral` (`faultline.vendor` on spans, logs and metrics). */
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

/** The span attribute (and log annotation) holding the vendor's own request id (DO-API's RequestId). */
export const upstreamRequestIdAttribute = "faultline.upstream_request_id"

// Our spans' call sites are known: no stack is captured for them (effect captures one per span).
const noStack = { captureStackTrace: false } as const

// What a failed attempt writes on its client span: `error.type` is the reason's class (a low-cardinality,
// documented identifier, as the conventions allow even when a status arrived: DO-API answers some
// errors with 200), the status when one arrived, and the vendor's request id.
const failedAttempt = (span: Tracer.Span, failure: UpstreamFailure): void => {
  span.attribute("error.type", failure.reason._tag)
  const status = failure.reason.upstreamStatus
  if (!span.attributes.has("http.response.status_code") && status !== undefined)
    span.attribute("http.response.status_code", status)
  const requestId = upstreamRequestId(failure)
  if (requestId !== undefined) span.attribute(upstreamRequestIdAttribute, requestId)
}

/**
 * Runs one vendor call the way every faultline client does, so the vendor packages cannot drift.
 *
 * Spans, after OpenTelemetry's stable HTTP client conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-client-span): an internal span
 * `<service>.<operation>` for the call (`faultline.vendor`, `faultline.route`, `faultline.idempotent`,
 * then `faultline.attempts` and, on failure, `error.type`, `faultline.reason`, `faultline.category`
 * and `faultline.upstream_request_id`), and under it one client span per request really sent, named
 * for its method (`GET`), with `http.request.method`, `url.full` (redacted: see `upstreamUrl`),
 * `server.address`, `server.port`, `http.response.status_code` when an answer arrived,
 * `http.request.resend_count` on a resend, and on failure `error.type` (the reason's class) and the
 * vendor's request id. The client span starts once the rate limiter's permit is held, so it times
 * the exchange, not the wait (that is the `faultline.limiter.wait.duration` metric).
 *
 * Per attempt: the limiter's wait, the exchange and the vendor's decoding; `retryUpstream` over the
 * attempts, as far as each failure's retry class and the call's idempotency allow; a debug log line
 * per failed attempt with the failure's log-safe description (never upstream text). Metrics: each
 * resend on `faultline.upstream.retries`, the call's final failure on `faultline.upstream.failures`.
 */
export const callUpstream = <A, F extends UpstreamFailure>(
  caller: UpstreamCaller,
  call: UpstreamCall<A, F>
): Effect.Effect<A, F | UpstreamError> =>
  // Per run: the same Effect value may be run many times, each with its own attempts.
  Effect.suspend(() => {
    let maybeProcessed = false
    let started = 0
    let sent = 0
    let previous: UpstreamFailure | undefined
    const startAttributes = clientSpanAttributes(call.request)
    // `{method}`, or `HTTP` for a method the conventions do not know.
    const spanName =
      startAttributes["http.request.method"] === "_OTHER"
        ? "HTTP"
        : String(startAttributes["http.request.method"])
    const attempt = Effect.suspend(() => {
      let span: Tracer.Span | undefined
      const retry = started++ > 0 && previous !== undefined ? countRetry(call.vendor, previous) : Effect.void
      // The client span starts when the request leaves: after the limiter's permit, before the send.
      const send = Effect.flatMap(
        Effect.makeSpan(spanName, {
          kind: "client",
          attributes: sent > 0 ? { ...startAttributes, "http.request.resend_count": sent } : startAttributes
        }),
        (made) => {
          span = made
          sent++
          return Effect.withParentSpan(caller.client.execute(call.request), made, noStack)
        }
      )
      return Effect.gen(function* () {
        yield* retry
        yield* caller.beforeAttempt
        const afterMaybeProcessed = maybeProcessed
        // The limiter counts the request when its answer's head is back: the upstream counted it no later.
        const response = yield* caller.limit === undefined ? send : caller.limit(send)
        span?.attribute("http.response.status_code", response.status)
        const body = yield* Effect.orElseSucceed(response.text, () => "")
        const now = yield* Clock.currentTimeMillis
        const decoded = call.decode({
          status: response.status,
          headers: response.headers,
          body,
          now,
          afterMaybeProcessed
        })
        return yield* span === undefined ? decoded : Effect.withParentSpan(decoded, span, noStack)
      }).pipe(
        Effect.onExit((exit) =>
          Clock.clockWith((clock) => {
            if (span === undefined) return Effect.void
            const failure = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : Option.none()
            if (Option.isSome(failure)) failedAttempt(span, failure.value as UpstreamFailure)
            span.end(clock.currentTimeNanosUnsafe(), exit)
            // A success's request id (the vendor's reader put it on the attempt's span) goes on the call's.
            const requestId = span.attributes.get(upstreamRequestIdAttribute)
            return Exit.isSuccess(exit) && requestId !== undefined
              ? Effect.annotateCurrentSpan(upstreamRequestIdAttribute, requestId)
              : Effect.void
          })
        )
      )
    }).pipe(
      Effect.tapError((failure) => {
        previous = failure
        if (outcomeUnknown(failure)) maybeProcessed = true
        return Effect.logDebug(`${call.service}.${call.operation} failed`, describeFailure(failure)).pipe(
          Effect.annotateLogs({
            "faultline.vendor": call.vendor,
            [upstreamRequestIdAttribute]: upstreamRequestId(failure) ?? ""
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
        return Effect.andThen(
          Effect.annotateCurrentSpan({
            "error.type": failure.reason._tag,
            "faultline.reason": failure.reason._tag,
            "faultline.category": failure.reason.category,
            ...(requestId !== undefined ? { [upstreamRequestIdAttribute]: requestId } : {})
          }),
          countFailure(failure)
        )
      })
    )
  }).pipe(
    Effect.withSpan(
      `${call.service}.${call.operation}`,
      {
        kind: "internal",
        attributes: {
          "faultline.vendor": call.vendor,
          "faultline.route": call.route,
          "faultline.idempotent": call.idempotent
        }
      },
      noStack
    )
  )
