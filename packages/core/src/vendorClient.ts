import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import {
  callUpstream,
  type UpstreamAnswer,
  type UpstreamCaller,
  upstreamRequestIdAttribute
} from "./callUpstream.js"
import type { DecodeError } from "./ErrorResponse.js"
import { type ExchangePolicy, withExchangePolicy } from "./exchangePolicy.js"
import type { InvalidOptionError } from "./InvalidOptionError.js"
import { layerMemoryLimiter, limitAttempt, limiterKey } from "./rateLimit.js"
import { RollingWindowLimiter } from "./RollingWindowLimiter.js"
import { parseJsonBody } from "./readUpstream.js"
import { recordLimiterWait } from "./telemetry/recordMetrics.js"
import { InvalidRequest, UnreadableResponse } from "./TransportReason.js"
import { UpstreamError } from "./UpstreamError.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"
import type { ResolvedVendorOptions } from "./vendorOptions.js"

/** What a vendor package tells the kit about itself, once. */
export interface Vendor<E extends UpstreamFailure> {
  /** The upstream's name on reasons, logs and telemetry (`faultline.vendor`), e.g. `certcentral`. */
  readonly vendor: string
  /** The client's name in spans and logs, e.g. `CertCentral`: spans are `<service>.<operation>`. */
  readonly service: string
  /** The vendor's total decoder: its error for a failed answer, `undefined` for a success. */
  readonly decodeError: DecodeError<E>
  /**
   * The upstream's request id in a success body (DO-API's top-level `RequestId`): kept on an
   * unreadable 2xx and set as `faultline.upstream_request_id` on the spans of a success.
   */
  readonly requestIdOf?: ((json: unknown) => string | undefined) | undefined
}

/** A request our client refused to build (a bad id, a path outside the base URL): our bug, never sent. */
export const invalidRequest = (vendor: string, code: string): Effect.Effect<never, UpstreamError> =>
  Effect.fail(new UpstreamError({ reason: new InvalidRequest({ vendor, code }) }))

/**
 * A 2xx we could not read (`DecodeError`: not JSON; `SchemaError`: not the success model). It will
 * not change shape when sent again, so it is never retried.
 */
export const unreadable = (
  vendor: string,
  answer: Pick<UpstreamAnswer, "status">,
  code: "DecodeError" | "SchemaError",
  requestId?: string | undefined
): UpstreamError =>
  new UpstreamError({
    reason: new UnreadableResponse({ vendor, code, upstreamStatus: answer.status, requestId, retry: "never" })
  })

/** How one call reads its success: the model's lenient decoder, and what turns an error into one. */
export interface AnswerReader<A, E> {
  /** The success model, decoded leniently (`Option.none()`: not the model). */
  readonly decode: (json: unknown) => Option.Option<A>
  /**
   * An error of a retry after a maybe-processed attempt that means the first one worked (a delete
   * whose record is gone): its success, or `undefined` to keep the error.
   */
  readonly settle?: ((error: E) => A | undefined) | undefined
}

/**
 * Reads one answer the way every vendor does: the body is parsed once; the vendor's decoder says
 * whether it is an error (any status: DO-API answers some errors with 200); otherwise the success
 * model, or an unreadable 2xx.
 */
export const readAnswer =
  <E extends UpstreamFailure>(vendor: Vendor<E>) =>
  <A>(reader: AnswerReader<A, E>) =>
  (answer: UpstreamAnswer): Effect.Effect<A, E | UpstreamError> => {
    const json = parseJsonBody(answer.body)
    const error = vendor.decodeError(
      { status: answer.status, headers: answer.headers, body: json ?? answer.body },
      { now: answer.now }
    )
    if (error !== undefined) {
      const settled =
        answer.afterMaybeProcessed && reader.settle !== undefined ? reader.settle(error) : undefined
      return settled !== undefined ? Effect.succeed(settled) : Effect.fail(error)
    }
    const requestId = json !== undefined ? vendor.requestIdOf?.(json) : undefined
    if (json === undefined) return Effect.fail(unreadable(vendor.vendor, answer, "DecodeError", requestId))
    return Option.match(reader.decode(json), {
      onNone: () => Effect.fail(unreadable(vendor.vendor, answer, "SchemaError", requestId)),
      onSome: (value) =>
        requestId !== undefined
          ? Effect.as(Effect.annotateCurrentSpan(upstreamRequestIdAttribute, requestId), value)
          : Effect.succeed(value)
    })
  }

/** How a client reaches its upstream, beside the common options. */
export interface Connection {
  /** The common options, checked (see `validateVendorOptions`). */
  readonly settings: ResolvedVendorOptions<unknown>
  /** The credential the rate limiter's key is derived from (hashed, never stored as it is). */
  readonly credential: Redacted.Redacted<string>
  /** Headers that carry credentials: redacted in every log line and span. */
  readonly secretHeaders: ReadonlyArray<string>
  /** Writes the credentials onto each attempt's request (a header, a signature). */
  readonly authorize: ExchangePolicy["authorize"]
  /** A further retry condition of the vendor (see `UpstreamCall.retryWhile`). */
  readonly retryWhile?: ((failure: UpstreamFailure) => boolean) | undefined
  /** A failure resent once at once (see `UpstreamCall.resendOnce`). */
  readonly resendOnce?: ((failure: UpstreamFailure) => boolean) | undefined
}

/**
 * The credentials of a vendor that sends its secret in one header (an API key, a bearer token):
 * written as the last step before sending (`format` builds the value, e.g. `Bearer <token>`), the
 * header redacted everywhere, the rate limiter keyed by the secret's hash.
 */
export const headerCredential = (
  header: string,
  secret: Redacted.Redacted<string>,
  format: (secret: string) => string = (value) => value
): Omit<Connection, "settings"> => ({
  credential: secret,
  secretHeaders: [header],
  authorize: (request) =>
    Effect.succeed(HttpClientRequest.setHeader(request, header, format(Redacted.value(secret))))
})

/** One request of a vendor client, as its methods describe it. */
export interface VendorRequest<A, E> extends AnswerReader<A, E> {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"
  /** The span's name suffix, e.g. `getOrder`. */
  readonly operation: string
  /** The route template (no ids), e.g. `order/certificate/{order_id}`. */
  readonly route: string
  /** The full URL, below the base URL (the vendor builds and checks it). */
  readonly url: URL
  readonly urlParams?: Readonly<Record<string, string>> | undefined
  /** A JSON body; one `JSON.stringify` cannot write (a BigInt, a cycle) fails `EncodeError`, unsent. */
  readonly body?: unknown
  /** Whether sending it twice is harmless; defaults to `true` except for POST and PATCH. */
  readonly idempotent?: boolean | undefined
}

/** A vendor's client core: one `call` with rate limiting, retry, decoding and tracing. */
export interface VendorClient<E extends UpstreamFailure> {
  readonly call: <A>(request: VendorRequest<A, E>) => Effect.Effect<A, E | UpstreamError>
  /** `invalidRequest` of this vendor. */
  readonly invalidRequest: (code: string) => Effect.Effect<never, UpstreamError>
}

/**
 * The call of a client's generic `request(options)` ("any other endpoint"): the success decoded by
 * `options.schema` (leniently, `Schema.decodeUnknownOption`), the operation `request` unless named.
 */
export const bySchema = <
  A,
  O extends { readonly schema: Schema.Decoder<A>; readonly operation?: string | undefined }
>(
  options: O
): Omit<O, "operation"> & {
  readonly operation: string
  readonly decode: (json: unknown) => Option.Option<A>
} => ({
  ...options,
  operation: options.operation ?? "request",
  decode: Schema.decodeUnknownOption(options.schema)
})

// JSON.stringify throws for BigInt and cycles and yields `undefined` for functions and symbols.
const encodeBody = (body: unknown): string | undefined => {
  try {
    const json: unknown = JSON.stringify(body)
    return typeof json === "string" ? json : undefined
  } catch {
    return undefined
  }
}

/**
 * The limiter's wait for each attempt, from asking for a permit to holding it, recorded on
 * `faultline.limiter.wait.duration` (measured here, around the limiter, with effect's `Clock`).
 */
const timedLimit =
  (vendor: string, limited: boolean, limit: NonNullable<UpstreamCaller["limit"]>) =>
  <A, E, R>(attempt: Effect.Effect<A, E, R>): Effect.Effect<A, E | UpstreamError, R> =>
    limited
      ? Effect.flatMap(Clock.currentTimeMillis, (asked) =>
          limit(
            Effect.andThen(
              Effect.flatMap(Clock.currentTimeMillis, (now) => recordLimiterWait(vendor, now - asked)),
              attempt
            )
          )
        )
      : limit(attempt)

/**
 * Builds a vendor's client core over the `HttpClient` and `RollingWindowLimiter` in context: the
 * exchange policy with the vendor's credentials, each attempt sent under the rolling windows of the
 * vendor's `rateLimit` (a store that cannot be reached fails the attempt closed, unsent, with a
 * retryable `RateLimiterUnavailable`), and `call`, which runs one request through `callUpstream`.
 */
export const makeVendorClient = <E extends UpstreamFailure>(
  vendor: Vendor<E>,
  connection: Connection
): Effect.Effect<VendorClient<E>, never, HttpClient.HttpClient | RollingWindowLimiter> =>
  Effect.gen(function* () {
    const { settings } = connection
    const limiter = yield* RollingWindowLimiter
    const key = limiterKey(vendor.vendor, connection.credential)
    const caller: UpstreamCaller = {
      client: withExchangePolicy({
        vendor: vendor.vendor,
        timeout: settings.timeout,
        maxResponseBytes: settings.maxResponseBytes,
        secretHeaders: connection.secretHeaders,
        authorize: connection.authorize
      })(yield* HttpClient.HttpClient),
      retry: settings.retry,
      beforeAttempt: Effect.void,
      limit: timedLimit(
        vendor.vendor,
        settings.rateLimit.length > 0,
        limitAttempt(limiter, {
          vendor: vendor.vendor,
          key,
          windows: settings.rateLimit,
          timeout: settings.timeout
        })
      )
    }
    const read = readAnswer(vendor)
    const refuse = (code: string) => invalidRequest(vendor.vendor, code)
    const call = <A>(request: VendorRequest<A, E>): Effect.Effect<A, E | UpstreamError> => {
      const body = request.body === undefined ? undefined : encodeBody(request.body)
      if (request.body !== undefined && body === undefined) return refuse("EncodeError")
      const built = HttpClientRequest.make(request.method)(request.url, {
        acceptJson: true,
        ...(request.urlParams !== undefined ? { urlParams: request.urlParams } : {})
      })
      return callUpstream(caller, {
        service: vendor.service,
        vendor: vendor.vendor,
        operation: request.operation,
        route: request.route,
        request: body !== undefined ? HttpClientRequest.bodyText(built, body, "application/json") : built,
        idempotent: request.idempotent ?? (request.method !== "POST" && request.method !== "PATCH"),
        decode: read(request),
        retryWhile: connection.retryWhile,
        resendOnce: connection.resendOnce
      })
    }
    return { call, invalidRequest: refuse }
  })

/** What a vendor writes to get its `make`: its option checks, its credentials and its methods. */
export interface VendorParts<O, S extends ResolvedVendorOptions<unknown>, E extends UpstreamFailure, C> {
  /** The vendor's options checked (see `validateVendorOptions`): a bad one fails the layer build. */
  readonly validate: (options: O) => Effect.Effect<S, InvalidOptionError>
  /** Its credentials: how each attempt is authorized, and what keys the rate limiter. */
  readonly connect: (settings: S) => Omit<Connection, "settings">
  /** Its methods, over the kit's `call`. */
  readonly client: (core: VendorClient<E>, settings: S) => C
}

/**
 * A vendor client's `make`: checks the options, builds the client core over the `HttpClient` and
 * `RollingWindowLimiter` in context, and hands it to the vendor's methods. Fails with an
 * `InvalidOptionError` naming the option when an option cannot work.
 */
export const vendorMake =
  <O, S extends ResolvedVendorOptions<unknown>, E extends UpstreamFailure, C>(
    vendor: Vendor<E>,
    parts: VendorParts<O, S, E, C>
  ) =>
  (options: O): Effect.Effect<C, InvalidOptionError, HttpClient.HttpClient | RollingWindowLimiter> =>
    Effect.gen(function* () {
      const settings = yield* parts.validate(options)
      const core = yield* makeVendorClient(vendor, { settings, ...parts.connect(settings) })
      return parts.client(core, settings)
    })

/**
 * A vendor service's `layer` and `layerConfig`, from its `make` (effect's own make / layer /
 * layerConfig pattern, as effect's `RateLimiter`): `layer(options)` builds the client with an in-memory rate
 * limiter over the `HttpClient` in context; `layerConfig(Config.Wrap<Options>)` reads each option
 * (or all of them) through Effect `Config` first. For a budget shared across replicas, build the
 * client with `make` over `RollingWindowLimiter.layerRedis()` and `NodeRedis.layer({ url })` instead.
 */
export const vendorLayers = <I, S, O>(
  service: () => Context.Key<I, S>,
  make: (options: O) => Effect.Effect<S, InvalidOptionError, HttpClient.HttpClient | RollingWindowLimiter>
) => {
  const layer = (options: O): Layer.Layer<I, InvalidOptionError, HttpClient.HttpClient> =>
    Layer.effect(service(), make(options)).pipe(Layer.provide(layerMemoryLimiter))
  const layerConfig = (
    options: Config.Wrap<O>
  ): Layer.Layer<I, InvalidOptionError | Config.ConfigError, HttpClient.HttpClient> =>
    Layer.unwrap(Effect.map(Config.unwrap(options), layer))
  return { layer, layerConfig }
}

/**
 * A vendor client's `make`, `layer` and `layerConfig` at once (`vendorMake` and `vendorLayers`):
 *
 * ```ts
 * export const { make, layer, layerConfig } = vendorService(() => Acme, acme, { validate, connect, client })
 * export class Acme extends Context.Service<Acme, AcmeClient>()("@faultline/acme/Acme") {
 *   static readonly make = make
 *   static readonly layer = layer
 *   static readonly layerConfig = layerConfig
 * }
 * ```
 */
export const vendorService = <I, O, S extends ResolvedVendorOptions<unknown>, E extends UpstreamFailure, C>(
  service: () => Context.Key<I, C>,
  vendor: Vendor<E>,
  parts: VendorParts<O, S, E, C>
) => {
  const make = vendorMake(vendor, parts)
  return { make, ...vendorLayers(service, make) }
}
