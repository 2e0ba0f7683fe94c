import {
  InvalidRequest,
  type InvalidOptionError,
  RollingWindowLimiter,
  UnreadableResponse,
  UpstreamError
} from "@faultline/core"
import {
  callUpstream,
  layerMemoryLimiter,
  limitAttempt,
  limiterKey,
  parseJsonBody,
  type Reconciliation,
  sendExactlyOnce,
  type UpstreamAnswer,
  type UpstreamCaller,
  withExchangePolicy
} from "@faultline/core/vendor"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Config from "effect/Config"
import { CertCentralError } from "./CertCentralError.js"
import { type CertCentralOptions, validateCertCentralOptions } from "./CertCentralConfig.js"
import { decodeError } from "./decodeError.js"
import {
  type DcvCheck,
  type DcvRandomValue,
  decodeDcvCheck,
  decodeDcvRandomValue,
  decodeOrder,
  decodeOrderList,
  decodeSubmittedOrder,
  type ListOrdersParams,
  type Order,
  type OrderList,
  type OrderRequest,
  orderFilters,
  type SubmittedOrder
} from "./models.js"
import { resolvePath } from "./path.js"
import { csrKeyFingerprint } from "./csrKey.js"
import { InvalidValue, OrderOutcomeUnknown } from "./reasons.js"
import { reconcileOrder, type SentOrder } from "./reconcileOrder.js"

/** What a CertCentral call fails with: a decoded CertCentral answer or a transport fault. */
export type CertCentralFailure = CertCentralError | UpstreamError

/** The header DigiCert reads the API key from; redacted in every log and span. */
export const apiKeyHeader = "x-dc-devkey"

const vendor = "certcentral"

export interface RequestOptions<A> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The span's name suffix, e.g. `getOrder`. Default `request`. */
  readonly operation?: string | undefined
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
  /** The success body's schema. */
  readonly schema: Schema.Decoder<A>
}

/** Per-order options of `submitOrder`. */
export interface SubmitOrderOptions {
  /**
   * A caller-chosen reference (1 to 255 characters) written into the order's custom field
   * `reconcile.referenceField`; reconciliation matches it first. Needs that option.
   */
  readonly reference?: string | undefined
  /**
   * Resume an order whose outcome was unknown: pass the `OrderOutcomeUnknown` reason (or any
   * `{ sentAt }`) of the earlier call. The order is looked for first, from that time on, and only
   * sent when it is proven absent, so trying again later never places a second order.
   */
  readonly resume?: { readonly sentAt: number } | undefined
}

export interface CertCentralClient {
  /**
   * Orders a certificate, exactly once: never resent blindly after a timeout, reset or 5xx (a
   * second order is billed). An order whose answer was lost is looked for (see `reconcile`): found,
   * the call succeeds with it; proven absent, it is sent once more; otherwise the call fails with
   * `OrderOutcomeUnknown` and sends nothing more.
   */
  readonly submitOrder: (
    productNameId: string,
    order: OrderRequest,
    options?: SubmitOrderOptions
  ) => Effect.Effect<SubmittedOrder, CertCentralFailure>
  readonly getOrder: (orderId: number | string) => Effect.Effect<Order, CertCentralFailure>
  /**
   * Asks DigiCert to check domain control now (PUT, idempotent). A 200 means domain control is proven,
   * not that the certificate exists: read it with `dcvProgress` (issued only for
   * `order_status: "issued"`).
   */
  readonly checkDcv: (orderId: number | string) => Effect.Effect<DcvCheck, CertCentralFailure>
  /**
   * The order's DCV random value (`PUT order/certificate/{order_id}/dcv-random-value`), for an order
   * whose value is not at hand (order info does not show one). Never empty: a 200 without a value
   * fails with `UnreadableResponse`. Retried like a read: DigiCert returns the existing value while
   * it is valid and a new one only once it expired, and nothing is billed.
   */
  readonly newDcvRandomValue: (orderId: number | string) => Effect.Effect<DcvRandomValue, CertCentralFailure>
  /**
   * `limit` (integer >= 1), `offset` (integer >= 0), `filters` (DigiCert's documented names) and
   * `sort` are checked before anything is sent.
   */
  readonly listOrders: (params?: ListOrdersParams) => Effect.Effect<OrderList, CertCentralFailure>
  /** Any other endpoint, with the same rate limiting, retry, decoding and tracing. */
  readonly request: <A>(options: RequestOptions<A>) => Effect.Effect<A, CertCentralFailure>
}

const invalidRequest = (code: string): Effect.Effect<never, UpstreamError> =>
  Effect.fail(new UpstreamError({ reason: new InvalidRequest({ vendor, code }) }))

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

// DigiCert's list endpoints sort by one or more fields, comma-separated, each `-` first for descending.
const sortPattern = /^-?[a-z_]{1,64}(,-?[a-z_]{1,64}){0,15}$/

const isCount = (n: unknown, min: number): n is number =>
  typeof n === "number" && Number.isSafeInteger(n) && n >= min

const unreadable = (answer: UpstreamAnswer, code: string) =>
  new UpstreamError({
    // A 2xx of the wrong shape will not change shape when sent again.
    reason: new UnreadableResponse({ vendor, code, upstreamStatus: answer.status, retry: "never" })
  })

// An answer is a CertCentral error (any non-2xx) or the success body, read by `decode`.
const readAnswer =
  <A>(decode: (json: unknown) => Option.Option<A>) =>
  (answer: UpstreamAnswer): Effect.Effect<A, CertCentralFailure> => {
    const error = decodeError(answer, { now: answer.now })
    if (error !== undefined) return Effect.fail(error)
    const json = parseJsonBody(answer.body)
    if (json === undefined) return Effect.fail(unreadable(answer, "DecodeError"))
    return Option.match(decode(json), {
      onNone: () => Effect.fail(unreadable(answer, "SchemaError")),
      onSome: Effect.succeed
    })
  }

interface Call<A> {
  readonly method: RequestOptions<A>["method"]
  readonly operation: string
  readonly route: string
  readonly path: string
  readonly body?: unknown
  readonly urlParams?: Readonly<Record<string, string>> | undefined
  readonly idempotent?: boolean | undefined
  readonly decode: (json: unknown) => Option.Option<A>
}

/**
 * Builds the client over the `HttpClient` and `RollingWindowLimiter` in context (in memory, or on
 * Redis for a budget shared by replicas: `RollingWindowLimiter.layerRedis()`). Fails with an
 * `InvalidOptionError` naming the option when an option cannot work.
 */
export const make = (
  options: CertCentralOptions
): Effect.Effect<
  CertCentralClient,
  InvalidOptionError,
  HttpClient.HttpClient | RollingWindowLimiter.RollingWindowLimiter
> =>
  Effect.gen(function* () {
    const settings = yield* validateCertCentralOptions(options)
    const limiter = yield* RollingWindowLimiter.RollingWindowLimiter
    const key = limiterKey(vendor, settings.apiKey)
    const caller: UpstreamCaller = {
      client: withExchangePolicy({
        vendor,
        timeout: settings.timeout,
        maxResponseBytes: settings.maxResponseBytes,
        secretHeaders: [apiKeyHeader],
        authorize: (request) =>
          Effect.succeed(HttpClientRequest.setHeader(request, apiKeyHeader, Redacted.value(settings.apiKey)))
      })(yield* HttpClient.HttpClient),
      retry: settings.retry,
      beforeAttempt: Effect.void,
      limit: limitAttempt(limiter, { vendor, key, windows: settings.rateLimit, timeout: settings.timeout })
    }

    const call = <A>(options: Call<A>): Effect.Effect<A, CertCentralFailure> =>
      Effect.gen(function* () {
        const url = resolvePath(settings.baseUrl, options.path)
        if (url === undefined) return yield* invalidRequest("PathOutsideBaseUrl")
        let request = HttpClientRequest.make(options.method)(url, {
          acceptJson: true,
          ...(options.urlParams !== undefined ? { urlParams: options.urlParams } : {})
        })
        if (options.body !== undefined) {
          request = yield* Effect.catch(HttpClientRequest.bodyJson(request, options.body), () =>
            invalidRequest("EncodeError")
          )
        }
        return yield* callUpstream(caller, {
          service: "CertCentral",
          vendor,
          operation: options.operation,
          route: options.route,
          request,
          idempotent: options.idempotent ?? options.method !== "POST",
          decode: readAnswer(options.decode)
        })
      })

    const orderPath = (orderId: number | string) => String(orderId).trim()

    const getOrder = (orderId: number | string): Effect.Effect<Order, CertCentralFailure> =>
      orderIdPattern.test(orderPath(orderId))
        ? call({
            method: "GET",
            operation: "getOrder",
            route: "order/certificate/{order_id}",
            path: `order/certificate/${orderPath(orderId)}`,
            decode: decodeOrder
          })
        : invalidId("order_id")

    const listOrders = (params: ListOrdersParams = {}): Effect.Effect<OrderList, CertCentralFailure> => {
      // Paging numbers come from the app's code: a bad one is our bug, never sent to DigiCert.
      const { limit, offset, filters, sort } = params
      if (limit !== undefined && !isCount(limit, 1)) return invalidRequest("InvalidLimit")
      if (offset !== undefined && !isCount(offset, 0)) return invalidRequest("InvalidOffset")
      if (sort !== undefined && !sortPattern.test(sort)) return invalidRequest("InvalidSort")
      const urlParams: Record<string, string> = {}
      if (limit !== undefined) urlParams.limit = String(limit)
      if (offset !== undefined) urlParams.offset = String(offset)
      if (sort !== undefined) urlParams.sort = sort
      for (const [name, value] of Object.entries(filters ?? {})) {
        if (
          !(orderFilters as ReadonlyArray<string>).includes(name) ||
          typeof value !== "string" ||
          value.length > 255
        )
          return invalidRequest("InvalidFilter")
        urlParams[`filters[${name}]`] = value
      }
      return call({
        method: "GET",
        operation: "listOrders",
        route: "order/certificate",
        path: "order/certificate",
        urlParams,
        decode: decodeOrderList
      })
    }

    const send = (productNameId: string, order: OrderRequest) =>
      call({
        method: "POST",
        operation: "submitOrder",
        route: "order/certificate/{product_name_id}",
        path: `order/certificate/${productNameId}`,
        body: order,
        decode: decodeSubmittedOrder
      })

    const reconcile = settings.reconcile
    const submitOrder = (
      productNameId: string,
      order: OrderRequest,
      options: SubmitOrderOptions = {}
    ): Effect.Effect<SubmittedOrder, CertCentralFailure> => {
      if (!productPattern.test(productNameId)) return invalidId("product_name_id")
      const reference = options.reference
      if (reference !== undefined) {
        if (typeof reference !== "string" || reference.length === 0 || reference.length > 255)
          return invalidRequest("InvalidReference")
        if (reconcile === false || reconcile.referenceField === undefined)
          return invalidRequest("MissingReferenceField")
      }
      const body: OrderRequest =
        reference !== undefined && reconcile !== false && reconcile.referenceField !== undefined
          ? {
              ...order,
              custom_fields: [
                ...(Array.isArray(order.custom_fields) ? order.custom_fields : []),
                { metadata_id: reconcile.referenceField, value: reference }
              ]
            }
          : order
      if (reconcile === false) return send(productNameId, body)
      return Effect.gen(function* () {
        const sentAt = yield* Clock.currentTimeMillis
        const sent: SentOrder = {
          productNameId,
          commonName: String(order.certificate?.common_name ?? ""),
          names: [String(order.certificate?.common_name ?? ""), ...(order.certificate?.dns_names ?? [])],
          keyFingerprint: csrKeyFingerprint(order.certificate?.csr),
          reference,
          sentAt
        }
        const lookups = { listOrders, getOrder }
        const unknown = (last: Reconciliation<SubmittedOrder>) =>
          new CertCentralError({
            reason: new OrderOutcomeUnknown({
              productNameId,
              commonName: sent.commonName,
              keyFingerprint: sent.keyFingerprint,
              reference,
              sentAt,
              candidates: last._tag === "Unknown" ? last.candidates : [],
              retryAfter: Duration.minutes(1)
            }),
            upstreamStatus: undefined
          })
        if (options.resume !== undefined) {
          // The earlier call's order may have landed since: look before anything is sent.
          const earlier = yield* reconcileOrder(
            lookups,
            { ...sent, sentAt: options.resume.sentAt },
            reconcile
          )
          if (earlier._tag === "Found") return earlier.value
          if (earlier._tag === "Unknown") return yield* Effect.fail(unknown(earlier))
        }
        return yield* sendExactlyOnce({
          send: send(productNameId, body),
          look: reconcileOrder(lookups, sent, reconcile),
          settle: reconcile.settle,
          unknown
        })
      })
    }

    return {
      request: (options) =>
        call({
          ...options,
          operation: options.operation ?? "request",
          decode: Schema.decodeUnknownOption(options.schema)
        }),
      submitOrder: (productNameId, order, options) => submitOrder(productNameId, order, options),
      getOrder,
      checkDcv: (orderId) =>
        orderIdPattern.test(orderPath(orderId))
          ? call({
              method: "PUT",
              operation: "checkDcv",
              route: "order/certificate/{order_id}/check-dcv",
              path: `order/certificate/${orderPath(orderId)}/check-dcv`,
              decode: decodeDcvCheck
            })
          : invalidId("order_id"),
      newDcvRandomValue: (orderId) =>
        orderIdPattern.test(orderPath(orderId))
          ? call({
              method: "PUT",
              operation: "newDcvRandomValue",
              route: "order/certificate/{order_id}/dcv-random-value",
              path: `order/certificate/${orderPath(orderId)}/dcv-random-value`,
              // Safe to send again: DigiCert returns the same value while it is valid (its page),
              // a new one only once it expired, and it bills nothing.
              idempotent: true,
              decode: decodeDcvRandomValue
            })
          : invalidId("order_id"),
      listOrders
    } satisfies CertCentralClient
  })

/**
 * The client with an in-memory rate limiter; needs an `HttpClient` (e.g. `FetchHttpClient.layer`).
 * For a budget shared across replicas, build it with {@link make} over
 * `RollingWindowLimiter.layerRedis()` and `NodeRedis.layer({ url })` (see the README).
 */
export const layer = (
  options: CertCentralOptions
): Layer.Layer<CertCentral, InvalidOptionError, HttpClient.HttpClient> =>
  Layer.effect(CertCentral, make(options)).pipe(Layer.provide(layerMemoryLimiter))

/**
 * Like {@link layer}, with options read through Effect `Config`: each option may be a `Config`
 * (`apiKey: Config.Redacted("MY_KEY")`), or the whole options one. Default:
 * `certCentralConfigFromEnv` (`CERTCENTRAL_API_KEY`, `CERTCENTRAL_BASE_URL`).
 */
export const layerConfig = (
  options: Config.Wrap<CertCentralOptions>
): Layer.Layer<CertCentral, InvalidOptionError | Config.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrap(Effect.map(Config.unwrap(options), layer))

/**
 * The CertCentral client service. `CertCentral.layer(options)`, `CertCentral.layerConfig(config)` and
 * `CertCentral.make(options)` build it; `yield* CertCentral` uses it.
 */
export class CertCentral extends Context.Service<CertCentral, CertCentralClient>()(
  "@faultline/certcentral/CertCentral"
) {
  static readonly make = make
  static readonly layer = layer
  static readonly layerConfig = layerConfig
}
