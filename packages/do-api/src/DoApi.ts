import {
  describeFailure,
  fromHttpClientError,
  InvalidRequest,
  retryUpstream,
  UnreadableResponse,
  UpstreamError,
  UpstreamTimeout,
  type UpstreamFailure
} from "@faultline/core"
import * as Clock from "effect/Clock"
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { decodeError, requestIdOf } from "./decodeError.js"
import { DoApiError } from "./DoApiError.js"
import { type DoApiConfig, defaultBaseUrl, doApiConfig } from "./DoApiConfig.js"
import { type DnsRecord, fromRecordBody, type NewDnsRecord, toRecordBody } from "./DnsRecord.js"
import { apiPath } from "./path.js"
import { AcknowledgedBody, RecordCreatedBody, RecordsBody, ZonesBody } from "./schemas.js"
import { sign } from "./sign.js"

const vendor = "do-api"

/** What every successful call returns: the data and DO-API's RequestId of the response. */
export interface DoApiResult<A> {
  readonly data: A
  readonly requestId: string | undefined
}

/** A call's failure: a DO-API error, or core's `UpstreamError` for transport and decoding faults. */
export type DoApiFailure = DoApiError | UpstreamError

export interface CallOptions {
  /** Overrides the configured service code for this call. */
  readonly serviceCode?: string | undefined
}

/** One DO-API call, for `DoApi.request`. */
export interface DoApiRequest<S extends Schema.Top> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** Path segments after the service code, unencoded; the last gets `.json`. */
  readonly segments: ReadonlyArray<string>
  readonly body?: unknown
  /** Whether sending it twice is harmless: decides the retry of Timeout, SystemError, transport faults. */
  readonly idempotent: boolean
  /** The success body's schema (unknown fields are ignored). */
  readonly schema: S
  /** Span name suffix, e.g. `listZones`. */
  readonly operation: string
  readonly serviceCode?: string | undefined
}

export interface DoApiService {
  /** `GET /zones.json`: the zone names of the service code. */
  readonly listZones: (
    options?: CallOptions
  ) => Effect.Effect<DoApiResult<ReadonlyArray<string>>, DoApiFailure>
  /** `GET /<zone>/records/DETAIL.json`: the zone's records, pending changes included. */
  readonly listRecords: (
    zone: string,
    options?: CallOptions
  ) => Effect.Effect<DoApiResult<ReadonlyArray<DnsRecord>>, DoApiFailure>
  /** `POST /<zone>/record.json`: adds a record (takes effect on `commit`). Not idempotent. */
  readonly addRecord: (
    zone: string,
    record: NewDnsRecord,
    options?: CallOptions
  ) => Effect.Effect<DoApiResult<DnsRecord>, DoApiFailure>
  /** `DELETE /<zone>/record/<id>.json`: deletes a record (takes effect on `commit`). Idempotent. */
  readonly deleteRecord: (
    zone: string,
    recordId: string,
    options?: CallOptions
  ) => Effect.Effect<DoApiResult<void>, DoApiFailure>
  /** `PUT /commit.json`: publishes the pending changes. Treated as not idempotent. */
  readonly commit: (options?: CallOptions) => Effect.Effect<DoApiResult<void>, DoApiFailure>
  /** Any other DO-API call, signed, checked and recovered like the ones above. */
  readonly request: <S extends Schema.Top>(
    request: DoApiRequest<S>
  ) => Effect.Effect<DoApiResult<S["Type"]>, DoApiFailure, S["DecodingServices"]>
}

// The reasons the client recovers by backoff; RequestExpired is re-signed once before this runs and
// StatusError (maintenance) is left to the caller.
const backoffTags = new Set(["RequestRunning", "Timeout", "SystemError"])
const retriable = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" ? backoffTags.has(failure.reason._tag) : true

const invalidRequest = (code: string) => new UpstreamError({ reason: new InvalidRequest({ vendor, code }) })

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/** Builds the service from a config; needs an `HttpClient`. */
export const makeDoApi = (config: DoApiConfig): Effect.Effect<DoApiService, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const baseUrl = (config.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")
    const credentials = { accessKey: config.accessKey, secretKey: config.secretKey }
    const timeout = Duration.fromInputUnsafe(config.timeout ?? "30 seconds")

    const attempt = <S extends Schema.Top>(request: DoApiRequest<S>, path: string) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const body = request.body === undefined ? undefined : JSON.stringify(request.body)
        const contentType = body === undefined ? undefined : "application/json"
        const signed = sign({ method: request.method, path, contentType }, credentials, now, {
          expiresIn: config.expiresIn
        })
        let httpRequest = HttpClientRequest.make(request.method)(`${baseUrl}${path}`, {
          headers: { ...signed.headers, accept: "application/json" }
        })
        if (body !== undefined) httpRequest = HttpClientRequest.bodyText(httpRequest, body, contentType)

        const classify = (error: Parameters<typeof fromHttpClientError>[0]) =>
          fromHttpClientError(error, { vendor, now })
        // The timeout covers the body too: a server that sends headers and then stalls is as stuck.
        const { response, text } = yield* client.execute(httpRequest).pipe(
          Effect.flatMap((response) => Effect.map(response.text, (text) => ({ response, text }))),
          Effect.mapError(classify),
          Effect.timeoutOrElse({
            duration: timeout,
            orElse: () => Effect.fail(new UpstreamError({ reason: new UpstreamTimeout({ vendor }) }))
          })
        )
        const parsed = parseJson(text)

        const failure = decodeError({ status: response.status, headers: response.headers, body: parsed, now })
        if (failure !== undefined) {
          if (failure.requestId !== undefined) {
            yield* Effect.annotateCurrentSpan("do_api.request_id", failure.requestId)
          }
          yield* Effect.logDebug("DO-API error", describeFailure(failure)).pipe(
            Effect.annotateLogs({ "do_api.request_id": failure.requestId ?? "" })
          )
          return yield* Effect.fail(failure)
        }

        const requestId = requestIdOf(parsed)
        if (requestId !== undefined) yield* Effect.annotateCurrentSpan("do_api.request_id", requestId)
        yield* Effect.logDebug("DO-API response", {
          operation: request.operation,
          status: response.status
        }).pipe(Effect.annotateLogs({ "do_api.request_id": requestId ?? "" }))
        const data = yield* Schema.decodeUnknownEffect(request.schema)(parsed).pipe(
          Effect.mapError(
            () =>
              new UpstreamError({
                reason: new UnreadableResponse({ vendor, upstreamStatus: response.status, requestId })
              })
          )
        )
        return { data, requestId } satisfies DoApiResult<S["Type"]>
      })

    const run = <S extends Schema.Top>(
      request: DoApiRequest<S>
    ): Effect.Effect<DoApiResult<S["Type"]>, DoApiFailure, S["DecodingServices"]> =>
      Effect.gen(function* () {
        const serviceCode = request.serviceCode ?? config.serviceCode
        if (serviceCode === undefined) return yield* Effect.fail(invalidRequest("MissingServiceCode"))
        const path = apiPath(serviceCode, request.segments)
        if (path === undefined) return yield* Effect.fail(invalidRequest("InvalidPathSegment"))

        const once = attempt(request, path)
        // An expired signature was not processed: re-sign with a fresh Expire and send it once more.
        const resigned = once.pipe(Effect.catchReason("DoApiError", "RequestExpired", () => once))
        const redactedNames = yield* Headers.CurrentRedactedNames
        return yield* resigned.pipe(
          retryUpstream({ ...config.retry, idempotent: request.idempotent, while: retriable }),
          Effect.withSpan(`DoApi.${request.operation}`, {
            attributes: { "do_api.method": request.method, "do_api.idempotent": request.idempotent }
          }),
          // IIJ gets no trace headers, and the Authorization header never shows in logs or spans.
          Effect.provideService(HttpClient.TracerPropagationEnabled, false),
          Effect.provideService(
            Headers.CurrentRedactedNames,
            Headers.isRedactedName("authorization", redactedNames)
              ? redactedNames
              : [...redactedNames, "authorization"]
          )
        )
      })

    const service: DoApiService = {
      request: run,
      listZones: (options) =>
        run({
          method: "GET",
          segments: ["zones"],
          idempotent: true,
          schema: ZonesBody,
          operation: "listZones",
          serviceCode: options?.serviceCode
        }).pipe(Effect.map(({ data, requestId }) => ({ data: data.ZoneList, requestId }))),
      listRecords: (zone, options) =>
        run({
          method: "GET",
          segments: [zone, "records", "DETAIL"],
          idempotent: true,
          schema: RecordsBody,
          operation: "listRecords",
          serviceCode: options?.serviceCode
        }).pipe(
          Effect.map(({ data, requestId }) => ({ data: data.RecordList.map(fromRecordBody), requestId }))
        ),
      addRecord: (zone, record, options) =>
        run({
          method: "POST",
          segments: [zone, "record"],
          body: toRecordBody(record),
          idempotent: false,
          schema: RecordCreatedBody,
          operation: "addRecord",
          serviceCode: options?.serviceCode
        }).pipe(Effect.map(({ data, requestId }) => ({ data: fromRecordBody(data.Record), requestId }))),
      deleteRecord: (zone, recordId, options) =>
        run({
          method: "DELETE",
          segments: [zone, "record", recordId],
          idempotent: true,
          schema: AcknowledgedBody,
          operation: "deleteRecord",
          serviceCode: options?.serviceCode
        }).pipe(Effect.map(({ requestId }) => ({ data: undefined, requestId }))),
      commit: (options) =>
        run({
          method: "PUT",
          segments: ["commit"],
          idempotent: false,
          schema: AcknowledgedBody,
          operation: "commit",
          serviceCode: options?.serviceCode
        }).pipe(Effect.map(({ requestId }) => ({ data: undefined, requestId })))
    }
    return service
  })

/**
 * The DO-API client: signed calls for the DNS flow over `effect/http`'s `HttpClient`, every response
 * checked for an `ErrorResponse` (200 included), RequestId on every success and failure.
 */
export class DoApi extends Context.Service<DoApi, DoApiService>()("@faultline/do-api/DoApi") {
  /** The client from a config value; provide an `HttpClient` (e.g. `FetchHttpClient.layer`). */
  static readonly layer = (config: DoApiConfig): Layer.Layer<DoApi, never, HttpClient.HttpClient> =>
    Layer.effect(DoApi, makeDoApi(config))

  /** The client from Effect `Config` (`DOAPI_*` by default, see `doApiConfig`). */
  static readonly layerConfig = (
    config: Config.Config<DoApiConfig> = doApiConfig
  ): Layer.Layer<DoApi, Config.ConfigError, HttpClient.HttpClient> =>
    Layer.effect(
      DoApi,
      Effect.flatMap(config, (resolved) => makeDoApi(resolved))
    )
}
