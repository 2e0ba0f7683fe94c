import {
  fromHttpClientError,
  InvalidRequest,
  retryUpstream,
  UnreadableResponse,
  UpstreamError,
  UpstreamTimeout
} from "@faultline/core"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Schema from "effect/Schema"
import { CertCentralError } from "./CertCentralError.js"
import { type CertCentralConfig, certCentralConfig } from "./CertCentralConfig.js"
import { decodeError } from "./decodeError.js"
import {
  DcvCheck,
  type ListOrdersParams,
  Order,
  OrderList,
  type OrderRequest,
  SubmittedOrder
} from "./Models.js"
import { InvalidValue } from "./Reasons.js"
import { layerMemoryLimiter, limiterKey, throttle } from "./rateLimit.js"
import { type ResolvedConfig, resolveConfig, resolvePath } from "./resolveConfig.js"

/** What a CertCentral call fails with: a decoded CertCentral answer or a transport fault. */
export type CertCentralFailure = CertCentralError | UpstreamError

/** The header DigiCert reads the API key from; added to Effect's redacted header names. */
export const apiKeyHeader = "x-dc-devkey"

const vendor = "certcentral"

export interface RequestOptions<A> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The route template for spans and logs, e.g. `order/certificate/{order_id}`. */
  readonly route: string
  /**
   * The path below the base URL, segments already encoded. A path that resolves outside the base
   * URL (another origin, `//host`, `../`) fails with `InvalidRequest` (`PathOutsideBaseUrl`) unsent.
   */
  readonly path: string
  readonly body?: unknown
  readonly urlParams?: Readonly<Record<string, string>> | undefined
  /** Whether sending it twice is harmless; defaults to `true` except for POST. */
  readonly idempotent?: boolean | undefined
  readonly schema: Schema.Decoder<A>
}

export interface CertCentralClient {
  /** Orders a certificate. Never repeated after a 5xx or timeout (a second order is billed). */
  readonly submitOrder: (
    productNameId: string,
    order: OrderRequest
  ) => Effect.Effect<SubmittedOrder, CertCentralFailure>
  readonly getOrder: (orderId: number | string) => Effect.Effect<Order, CertCentralFailure>
  /** Asks DigiCert to check domain control now (PUT, idempotent). */
  readonly checkDcv: (orderId: number | string) => Effect.Effect<DcvCheck, CertCentralFailure>
  /** `limit` (integer >= 1) and `offset` (integer >= 0) are checked before anything is sent. */
  readonly listOrders: (params?: ListOrdersParams) => Effect.Effect<OrderList, CertCentralFailure>
  /** Any other endpoint, with the same rate limiting, retry, decoding and tracing. */
  readonly request: <A>(options: RequestOptions<A>) => Effect.Effect<A, CertCentralFailure>
}

/** The CertCentral client service. */
export class CertCentral extends Context.Service<CertCentral, CertCentralClient>()(
  "@faultline/certcentral/CertCentral"
) {}

const transportFailure = (error: HttpClientError.HttpClientError): UpstreamError =>
  fromHttpClientError(error, { vendor })

const fail = (
  reason: UnreadableResponse | InvalidRequest | UpstreamTimeout
): Effect.Effect<never, UpstreamError> => Effect.fail(new UpstreamError({ reason }))

const invalidRequest = (code: string): Effect.Effect<never, UpstreamError> =>
  fail(new InvalidRequest({ vendor, code }))

// Ids become path segments: digits only, so "../" or "?" can never steer the request.
const orderIdPattern = /^\d{1,20}$/
const productPattern = /^[A-Za-z0-9_-]{1,64}$/

const invalidId = (param: string): Effect.Effect<never, CertCentralError> => {
  const reason = new InvalidValue({
    code: `invalid_value:${param}`,
    param,
    issues: [{ param, code: "invalid_value" }]
  })
  return Effect.fail(new CertCentralError({ reason, upstreamStatus: undefined }))
}

const isCount = (n: unknown, min: number): n is number =>
  typeof n === "number" && Number.isSafeInteger(n) && n >= min

// fetch follows redirects itself and keeps custom headers (the key) across origins: it must hand
// every 3xx back to us instead. The caller's other RequestInit settings (dispatcher, ...) are kept.
const noRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
    Effect.provideService(effect, FetchHttpClient.RequestInit, {
      ...Option.getOrUndefined(init),
      redirect: "manual"
    })
  )

/** Builds the client over the `HttpClient` and `RateLimiter` in context. */
export const make = (
  config: CertCentralConfig
): Effect.Effect<CertCentralClient, never, HttpClient.HttpClient | RateLimiter.RateLimiter> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const limiter = yield* RateLimiter.RateLimiter
    const resolved = resolveConfig(config)
    const retryOptions = config.retry === false ? { maxAttempts: 1 } : (config.retry ?? {})

    const key = resolved._tag === "Valid" ? limiterKey(config.apiKey) : ""

    const limit = (settings: ResolvedConfig): Effect.Effect<void> =>
      settings.buckets.length === 0
        ? Effect.void
        : throttle(limiter, key, settings.buckets).pipe(
            // A broken limiter store must not block calls: DigiCert's own 429 still protects us.
            Effect.catch(() => Effect.void)
          )

    // One attempt's exchange: sending, the status, the body and its decoding, all under `timeout`
    // (a server that sends headers and then stalls the body must not hang the call).
    const exchange = <A>(
      settings: ResolvedConfig,
      request: HttpClientRequest.HttpClientRequest,
      schema: Schema.Decoder<A>
    ) =>
      Effect.gen(function* () {
        const response = yield* http.execute(request)
        yield* Effect.annotateCurrentSpan("http.response.status_code", response.status)
        if (response.status < 200 || response.status > 299) {
          const body = yield* Effect.orElseSucceed(response.text, () => "")
          const now = yield* Clock.currentTimeMillis
          const error = decodeError({ status: response.status, headers: response.headers, body }, { now })
          if (error !== undefined) return yield* Effect.fail(error)
        }
        const json = yield* Effect.catch(response.json, () =>
          fail(new UnreadableResponse({ vendor, code: "DecodeError", upstreamStatus: response.status }))
        )
        return yield* Effect.catch(Schema.decodeUnknownEffect(schema)(json), () =>
          fail(new UnreadableResponse({ vendor, code: "SchemaError", upstreamStatus: response.status }))
        )
      }).pipe(
        Effect.catchTag("HttpClientError", (e) => Effect.fail(transportFailure(e))),
        Effect.timeoutOrElse({
          duration: settings.timeout,
          orElse: () => fail(new UpstreamTimeout({ vendor }))
        }),
        noRedirects,
        Effect.provideService(HttpClient.TracerPropagationEnabled, false),
        Effect.updateService(Headers.CurrentRedactedNames, (names) =>
          names.includes(apiKeyHeader) ? names : [...names, apiKeyHeader]
        )
      )

    const request = <A>(options: RequestOptions<A>): Effect.Effect<A, CertCentralFailure> =>
      Effect.gen(function* () {
        if (resolved._tag === "Invalid") return yield* invalidRequest(resolved.code)
        const settings = resolved.config
        const url = resolvePath(settings.baseUrl, options.path)
        if (url === undefined) return yield* invalidRequest("PathOutsideBaseUrl")
        let req = HttpClientRequest.make(options.method)(url, {
          headers: { [apiKeyHeader]: settings.apiKey },
          acceptJson: true,
          ...(options.urlParams !== undefined ? { urlParams: options.urlParams } : {})
        })
        if (options.body !== undefined) {
          req = yield* Effect.catch(HttpClientRequest.bodyJson(req, options.body), () =>
            invalidRequest("EncodeError")
          )
        }
        const idempotent = options.idempotent ?? options.method !== "POST"
        // The limiter's wait comes before the attempt's clock starts.
        const attempt = Effect.andThen(limit(settings), exchange(settings, req, options.schema))
        return yield* attempt.pipe(retryUpstream({ ...retryOptions, idempotent }))
      }).pipe(
        Effect.withSpan(`CertCentral ${options.method} ${options.route}`, {
          kind: "client",
          attributes: {
            "http.request.method": options.method,
            "http.route": options.route,
            "peer.service": vendor
          }
        })
      )

    const orderPath = (orderId: number | string) => String(orderId).trim()

    return {
      request,
      submitOrder: (productNameId, order) =>
        productPattern.test(productNameId)
          ? request({
              method: "POST",
              route: "order/certificate/{product_name_id}",
              path: `order/certificate/${productNameId}`,
              body: order,
              schema: SubmittedOrder
            })
          : invalidId("product_name_id"),
      getOrder: (orderId) =>
        orderIdPattern.test(orderPath(orderId))
          ? request({
              method: "GET",
              route: "order/certificate/{order_id}",
              path: `order/certificate/${orderPath(orderId)}`,
              schema: Order
            })
          : invalidId("order_id"),
      checkDcv: (orderId) =>
        orderIdPattern.test(orderPath(orderId))
          ? request({
              method: "PUT",
              route: "order/certificate/{order_id}/check-dcv",
              path: `order/certificate/${orderPath(orderId)}/check-dcv`,
              schema: DcvCheck
            })
          : invalidId("order_id"),
      listOrders: (params = {}) => {
        // Paging numbers come from the app's code: a bad one is our bug, never sent to DigiCert.
        const { limit, offset } = params
        if (limit !== undefined && !isCount(limit, 1)) return invalidRequest("InvalidLimit")
        if (offset !== undefined && !isCount(offset, 0)) return invalidRequest("InvalidOffset")
        const urlParams: Record<string, string> = {}
        if (limit !== undefined) urlParams.limit = String(limit)
        if (offset !== undefined) urlParams.offset = String(offset)
        return request({
          method: "GET",
          route: "order/certificate",
          path: "order/certificate",
          urlParams,
          schema: OrderList
        })
      }
    } satisfies CertCentralClient
  })

/** The client with an in-memory rate limiter; needs an `HttpClient` (e.g. `FetchHttpClient.layer`). */
export const layer = (config: CertCentralConfig): Layer.Layer<CertCentral, never, HttpClient.HttpClient> =>
  Layer.effect(CertCentral, make(config)).pipe(Layer.provide(layerMemoryLimiter))

/**
 * Like {@link layer}, with the API key and base URL read from Effect `Config`
 * (`CERTCENTRAL_API_KEY`, `CERTCENTRAL_BASE_URL`).
 */
export const layerConfig = (
  options: Omit<CertCentralConfig, "apiKey" | "baseUrl"> = {}
): Layer.Layer<CertCentral, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrap(Effect.map(certCentralConfig, (read) => layer({ ...options, ...read })))
