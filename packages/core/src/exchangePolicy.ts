import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { fromHttpClientError } from "./fromHttpClientError.js"
import { statusCategory } from "./statusCategory.js"
import { ResponseTooLarge, UnexpectedRedirect, UpstreamTimeout } from "./TransportReason.js"
import { UpstreamError } from "./UpstreamError.js"

/** How a vendor client talks to its upstream; fixed once, when the client is built. */
export interface ExchangePolicy {
  /** The upstream's name on every transport reason, e.g. `certcentral`. */
  readonly vendor: string
  /** One attempt, from sending to the last byte of the body. */
  readonly timeout: Duration.Duration
  /** The body cap: reading stops, and the attempt fails, once a body passes it. */
  readonly maxResponseBytes: number
  /** Headers that carry credentials: redacted in every log line and span of the exchange. */
  readonly secretHeaders: ReadonlyArray<string>
  /**
   * Writes the credentials onto the request (a header, a signature): the last step before sending,
   * so the secret stays `Redacted` until then and the request that carries it never leaves the
   * exchange.
   */
  readonly authorize: (
    request: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<HttpClientRequest.HttpClientRequest, UpstreamError>
}

const failWith = (reason: ConstructorParameters<typeof UpstreamError>[0]["reason"]) =>
  Effect.fail(new UpstreamError({ reason }))

// A body we will not read is cancelled at once, so its connection is released now, not on GC.
const discard = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<void> =>
  Effect.promise(async () => {
    await Option.getOrUndefined(HttpClientResponse.toWeb(response))
      ?.body?.cancel()
      .catch(() => undefined)
  })

const declaredLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const raw = response.headers["content-length"]
  return raw !== undefined && /^\d{1,20}$/.test(raw) ? Number(raw) : undefined
}

// Reads the body chunk by chunk and stops at the cap: a 200 MiB body costs at most one chunk more
// than the cap, never the whole body.
const readBounded = (
  response: HttpClientResponse.HttpClientResponse,
  policy: ExchangePolicy
): Effect.Effect<Uint8Array, UpstreamError | HttpClientError.HttpClientError> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    const tooLarge = () => tooLargeError(response.status, policy.vendor)
    return response.stream.pipe(
      Stream.runForEach((chunk) => {
        size += chunk.byteLength
        if (size > policy.maxResponseBytes) return Effect.fail(tooLarge())
        chunks.push(chunk)
        return Effect.void
      }),
      Effect.map(() => {
        const bytes = new Uint8Array(size)
        let offset = 0
        for (const chunk of chunks) {
          bytes.set(chunk, offset)
          offset += chunk.byteLength
        }
        return bytes
      })
    )
  })

const tooLargeError = (status: number, vendor: string): UpstreamError =>
  new UpstreamError({
    reason: new ResponseTooLarge({
      vendor,
      upstreamStatus: status,
      // An error status still means what it says (a 503 page is unavailability), however long.
      ...(status >= 400 ? statusCategory(status) : {})
    })
  })

// Statuses whose response may not have a body (the Response constructor refuses one).
const nullBodyStatus = new Set([204, 205, 304])

const exchange = (
  client: HttpClient.HttpClient,
  policy: ExchangePolicy,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, UpstreamError> =>
  Effect.gen(function* () {
    const now = yield* Clock.currentTimeMillis
    const classify = (error: HttpClientError.HttpClientError) =>
      fromHttpClientError(error, { vendor: policy.vendor, now })
    const authorized = yield* policy.authorize(request)
    const response = yield* Effect.mapError(client.execute(authorized), classify)
    if (response.status >= 300 && response.status <= 399) {
      yield* discard(response)
      return yield* failWith(
        new UnexpectedRedirect({
          vendor: policy.vendor,
          code: `http_${response.status}`,
          upstreamStatus: response.status
        })
      )
    }
    const declared = declaredLength(response)
    if (declared !== undefined && declared > policy.maxResponseBytes) {
      yield* discard(response)
      return yield* Effect.fail(tooLargeError(response.status, policy.vendor))
    }
    const bytes = yield* readBounded(response, policy).pipe(
      Effect.catchIf(HttpClientError.isHttpClientError, (error) => Effect.fail(classify(error)))
    )
    // The answer handed on is built on the request *before* credentials were written: nothing
    // downstream of the exchange (spans, logs, errors) can reach the secret through it.
    return HttpClientResponse.fromWeb(
      request,
      new Response(nullBodyStatus.has(response.status) ? null : bytes, {
        status: response.status,
        headers: Object.entries(response.headers)
      })
    )
  }).pipe(
    Effect.timeoutOrElse({
      duration: policy.timeout,
      orElse: () => failWith(new UpstreamTimeout({ vendor: policy.vendor }))
    }),
    // fetch would follow a redirect itself, resending a PUT and keeping our headers across origins.
    (effect) =>
      Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
        Effect.provideService(effect, FetchHttpClient.RequestInit, {
          ...Option.getOrUndefined(init),
          redirect: "manual"
        })
      ),
    // No trace headers go to the vendor, and effect's own client span (whose exit would hold the
    // response, and through it the authorized request) is not created: the vendor client's span is.
    Effect.provideService(HttpClient.TracerDisabledWhen, () => true),
    Effect.provideService(HttpClient.TracerPropagationEnabled, false),
    Effect.updateService(Headers.CurrentRedactedNames, (names) => [
      ...names,
      ...policy.secretHeaders.filter((name) => !Headers.isRedactedName(name, names))
    ])
  )

/**
 * The exchange policy of every faultline vendor client, as a transform of effect's `HttpClient`
 * applied once when the client is built: no redirect is followed (a 3xx fails as
 * `UnexpectedRedirect`); the body is read while counting and the attempt fails as
 * `ResponseTooLarge` once it passes `maxResponseBytes` (or `Content-Length` says it will); the
 * `timeout` covers headers and body; credentials are written last by `authorize` and their headers
 * are redacted; no trace context is propagated; transport errors are classified under the vendor's
 * name. Responses come back fully read, so decoding them cannot hang or grow.
 */
export const withExchangePolicy =
  (policy: ExchangePolicy) =>
  (client: HttpClient.HttpClient): HttpClient.HttpClient.With<UpstreamError> =>
    HttpClient.makeWith(
      (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) =>
        Effect.flatMap(request, (request) => exchange(client, policy, request)),
      Effect.succeed as HttpClient.HttpClient.Preprocess<never, never>
    )
