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
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { CertCentralError } from "./CertCentralError.js"
import {
  type CertCentralConfig,
  certCentralConfig,
  defaultBaseUrl,
  documentedRateLimits
} from "./CertCentralConfig.js"
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

/** What a CertCentral call fails with: a decoded CertCentral answer or a transport fault. */
export type CertCentralFailure = CertCentralError | UpstreamError

/** The header DigiCert reads the API key from; added to Effect's redacted header names. */
export const apiKeyHeader = "x-dc-devkey"

const vendor = "certcentral"

export interface RequestOptions<A> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The route template for spans and logs, e.g. `order/certificate/{order_id}`. */
  readonly route: string
  /** The path below the base URL, segments already encoded. */
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

const withBaseSlash = (base: string | URL): string => {
  const s = String(base)
  return s.endsWith("/") ? s : `${s}/`
}

/** Builds the client over the `HttpClient` and `RateLimiter` in context. */
export const make = (
  config: CertCentralConfig
): Effect.Effect<CertCentralClient, never, HttpClient.HttpClient | RateLimiter.RateLimiter> =>
  Effect.gen(function* () {
    const http = yield* HttpClient.HttpClient
    const limiter = yield* RateLimiter.RateLimiter
    const baseUrl = withBaseSlash(config.baseUrl ?? defaultBaseUrl)
    const windows = config.rateLimit === false ? [] : (config.rateLimit ?? documentedRateLimits)
    const key = limiterKey(config.apiKey)
    const timeout = Duration.fromInputUnsafe(config.timeout ?? "30 seconds")
    const retryOptions = config.retry === false ? { maxAttempts: 1 } : (config.retry ?? {})

    const limit: Effect.Effect<void> =
      windows.length === 0
        ? Effect.void
        : throttle(limiter, key, windows).pipe(
            // A broken limiter store must not block calls: DigiCert's own 429 still protects us.
            Effect.catch(() => Effect.void)
          )

    const send = (request: HttpClientRequest.HttpClientRequest) =>
      http.execute(request).pipe(
        Effect.timeoutOrElse({
          duration: timeout,
          orElse: () => fail(new UpstreamTimeout({ vendor }))
        }),
        Effect.catchTag("HttpClientError", (e) => Effect.fail(transportFailure(e))),
        Effect.provideService(HttpClient.TracerPropagationEnabled, false),
        Effect.updateService(Headers.CurrentRedactedNames, (names) =>
          names.includes(apiKeyHeader) ? names : [...names, apiKeyHeader]
        )
      )

    const attempt = <A>(request: HttpClientRequest.HttpClientRequest, schema: Schema.Decoder<A>) =>
      Effect.gen(function* () {
        yield* limit
        const response = yield* send(request)
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
      })

    const request = <A>(options: RequestOptions<A>): Effect.Effect<A, CertCentralFailure> =>
      Effect.gen(function* () {
        let req = HttpClientRequest.make(options.method)(new URL(options.path, baseUrl), {
          headers: { [apiKeyHeader]: Redacted.value(config.apiKey) },
          acceptJson: true,
          ...(options.urlParams !== undefined ? { urlParams: options.urlParams } : {})
        })
        if (options.body !== undefined) {
          req = yield* Effect.catch(HttpClientRequest.bodyJson(req, options.body), () =>
            fail(new InvalidRequest({ vendor, code: "EncodeError" }))
          )
        }
        const idempotent = options.idempotent ?? options.method !== "POST"
        return yield* attempt(req, options.schema).pipe(retryUpstream({ ...retryOptions, idempotent }))
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
        const urlParams: Record<string, string> = {}
        if (params.limit !== undefined) urlParams.limit = String(Math.max(1, Math.floor(params.limit)))
        if (params.offset !== undefined) urlParams.offset = String(Math.max(0, Math.floor(params.offset)))
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
