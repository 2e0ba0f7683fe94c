import {
  describeFailure,
  fromHttpClientError,
  InvalidRequest,
  retryUpstream,
  UnreadableResponse,
  UpstreamError,
  type UpstreamFailure,
  UpstreamTimeout,
  withAttempts
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
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { decodeError, requestIdOf } from "./decodeError.js"
import { DoApiError } from "./DoApiError.js"
import { type DoApiConfig, defaultBaseUrl, doApiConfig } from "./DoApiConfig.js"
import { type DnsRecord, fromRecordBody, type NewDnsRecord, toRecordBody } from "./DnsRecord.js"
import { apiPath } from "./path.js"
import { AcknowledgedBody, RecordCreatedBody, RecordsBody, ZonesBody } from "./schemas.js"
import { sign } from "./sign.js"
import { zoneName } from "./zone.js"

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
  /**
   * `GET /<zone>/records/DETAIL.json`: the zone's records, pending changes included. Zone names with
   * non-ASCII labels are sent as A-labels (see `zoneName`).
   */
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
  /**
   * `DELETE /<zone>/record/<id>.json`: deletes a record (takes effect on `commit`). Idempotent. A
   * `ResourceNotExist` answering a retry after an attempt that may have deleted it (Timeout,
   * SystemError, transport fault, no answer in time) is a success with that answer's RequestId; on
   * the first attempt it stays a failure.
   */
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

// The DO-API reasons the client recovers by backoff, each as far as its own retry class and the
// call's idempotency allow. Unrecognized carries the class of its status (a 503 page may be retried
// for a GET, never for a POST). RequestExpired is re-signed once before this runs and StatusError
// (maintenance) is left to the caller.
const backoffTags = new Set(["RequestRunning", "Timeout", "SystemError", "Unrecognized"])
const retriable = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" ? backoffTags.has(failure.reason._tag) : true

// `idempotent-only` means exactly this: the failed request may have been processed anyway.
const mayHaveBeenProcessed = (failure: DoApiFailure): boolean => failure.reason.retry === "idempotent-only"

const invalidRequest = (code: string) => new UpstreamError({ reason: new InvalidRequest({ vendor, code }) })

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

// JSON.stringify throws for BigInt and cycles and yields `undefined` for functions and symbols.
const encodeBody = (body: unknown): string | undefined => {
  try {
    const json: unknown = JSON.stringify(body)
    return typeof json === "string" ? json : undefined
  } catch {
    return undefined
  }
}

const positive = (
  input: Duration.Input | undefined,
  fallback: Duration.Input
): Duration.Duration | undefined =>
  Option.match(Duration.fromInput(input ?? fallback), {
    onNone: () => undefined,
    onSome: (d) => (Duration.isPositive(d) ? d : undefined)
  })

const validRetry = (retry: DoApiConfig["retry"]): boolean => {
  const durations = [retry?.maxElapsed, retry?.baseDelay, retry?.maxDelay]
  const durationsOk = durations.every(
    (input) =>
      input === undefined ||
      Option.match(Duration.fromInput(input), { onNone: () => false, onSome: (d) => !Duration.isNegative(d) })
  )
  const factor = retry?.factor
  return durationsOk && (factor === undefined || (Number.isFinite(factor) && factor > 0))
}

interface Settings {
  readonly timeout: Duration.Duration
  readonly expiresIn: Duration.Duration
}

// Checked once: a bad value makes every call fail with a typed InvalidRequest (never a defect).
const settingsOf = (config: DoApiConfig): Settings | string => {
  const timeout = positive(config.timeout, "30 seconds")
  if (timeout === undefined) return "InvalidTimeout"
  const expiresIn = positive(config.expiresIn, "5 minutes")
  if (expiresIn === undefined || !Duration.isFinite(expiresIn)) return "InvalidExpiresIn"
  if (!validRetry(config.retry)) return "InvalidRetryOptions"
  return { timeout, expiresIn }
}

/** Builds the service from a config; needs an `HttpClient`. */
export const makeDoApi = (config: DoApiConfig): Effect.Effect<DoApiService, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const baseUrl = (config.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")
    const credentials = { accessKey: config.accessKey, secretKey: config.secretKey }
    const settings = settingsOf(config)

    const attempt = <S extends Schema.Top>(
      request: DoApiRequest<S>,
      path: string,
      body: string | undefined,
      { timeout, expiresIn }: Settings
    ) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const contentType = body === undefined ? undefined : "application/json"
        const signed = yield* Effect.try({
          try: () => sign({ method: request.method, path, contentType }, credentials, now, { expiresIn }),
          // Only a clock outside JavaScript's dates gets here.
          catch: () => invalidRequest("InvalidExpire")
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
                // A 2xx of the wrong shape will not change shape when sent again.
                reason: new UnreadableResponse({
                  vendor,
                  upstreamStatus: response.status,
                  requestId,
                  retry: "never"
                })
              })
          )
        )
        return { data, requestId } satisfies DoApiResult<S["Type"]>
      })

    const run = <S extends Schema.Top>(
      request: DoApiRequest<S>,
      // Turns the failure of a retry that follows a maybe-processed attempt into a success.
      settle?: (failure: DoApiFailure) => DoApiResult<S["Type"]> | undefined
    ): Effect.Effect<DoApiResult<S["Type"]>, DoApiFailure, S["DecodingServices"]> =>
      Effect.gen(function* () {
        if (typeof settings === "string") return yield* Effect.fail(invalidRequest(settings))
        const serviceCode = request.serviceCode ?? config.serviceCode
        if (serviceCode === undefined) return yield* Effect.fail(invalidRequest("MissingServiceCode"))
        const path = apiPath(serviceCode, request.segments)
        if (path === undefined) return yield* Effect.fail(invalidRequest("InvalidPathSegment"))
        const body = request.body === undefined ? undefined : encodeBody(request.body)
        if (request.body !== undefined && body === undefined)
          return yield* Effect.fail(invalidRequest("EncodeError"))

        // Every request sent counts, the re-sign of an expired one included.
        let sent = 0
        let maybeProcessed = false
        const once = Effect.suspend(() => {
          sent++
          const afterMaybeProcessed = maybeProcessed
          return attempt(request, path, body, settings).pipe(
            Effect.catch((failure: DoApiFailure) => {
              const settled = afterMaybeProcessed && settle !== undefined ? settle(failure) : undefined
              if (settled !== undefined) return Effect.succeed(settled)
              if (mayHaveBeenProcessed(failure)) maybeProcessed = true
              return Effect.fail(failure)
            })
          )
        })
        // An expired signature was not processed: re-sign with a fresh Expire and send it once more.
        const resigned = once.pipe(Effect.catchReason("DoApiError", "RequestExpired", () => once))
        const redactedNames = yield* Headers.CurrentRedactedNames
        return yield* resigned.pipe(
          retryUpstream({ ...config.retry, idempotent: request.idempotent, while: retriable }),
          Effect.mapError((failure) => withAttempts(failure, sent)),
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

    // Zone names go out as A-labels; one that is no domain name fails typed, before any request.
    const inZone = <A>(
      zone: string,
      f: (zone: string) => Effect.Effect<A, DoApiFailure>
    ): Effect.Effect<A, DoApiFailure> => {
      const ascii = zoneName(zone)
      return ascii === undefined ? Effect.fail(invalidRequest("InvalidZoneName")) : f(ascii)
    }

    // A delete retried after an attempt that may have deleted the record: "not there" means done.
    const alreadyDeleted = (failure: DoApiFailure): DoApiResult<typeof AcknowledgedBody.Type> | undefined =>
      failure._tag === "DoApiError" && failure.reason._tag === "ResourceNotExist"
        ? {
            data: failure.requestId !== undefined ? { RequestId: failure.requestId } : {},
            requestId: failure.requestId
          }
        : undefined

    const service: DoApiService = {
      request: (request) => run(request),
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
        inZone(zone, (zone) =>
          run({
            method: "GET",
            segments: [zone, "records", "DETAIL"],
            idempotent: true,
            schema: RecordsBody,
            operation: "listRecords",
            serviceCode: options?.serviceCode
          }).pipe(
            Effect.map(({ data, requestId }) => ({ data: data.RecordList.map(fromRecordBody), requestId }))
          )
        ),
      addRecord: (zone, record, options) =>
        inZone(zone, (zone) =>
          run({
            method: "POST",
            segments: [zone, "record"],
            body: toRecordBody(record),
            idempotent: false,
            schema: RecordCreatedBody,
            operation: "addRecord",
            serviceCode: options?.serviceCode
          }).pipe(Effect.map(({ data, requestId }) => ({ data: fromRecordBody(data.Record), requestId })))
        ),
      deleteRecord: (zone, recordId, options) =>
        inZone(zone, (zone) =>
          run(
            {
              method: "DELETE",
              segments: [zone, "record", recordId],
              idempotent: true,
              schema: AcknowledgedBody,
              operation: "deleteRecord",
              serviceCode: options?.serviceCode
            },
            alreadyDeleted
          ).pipe(Effect.map(({ requestId }) => ({ data: undefined, requestId })))
        ),
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
