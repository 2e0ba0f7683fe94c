import {
  InvalidRequest,
  type InvalidOptionError,
  RollingWindowLimiter,
  UnreadableResponse,
  UpstreamError,
  type UpstreamFailure
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
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { type DoApiOptions, type ResolvedDoApiOptions, validateDoApiOptions } from "./DoApiConfig.js"
import { DoApiError } from "./DoApiError.js"
import { decodeError } from "./decodeError.js"
import { lookForRecord } from "./canonical.js"
import { type DnsRecord, type NewDnsRecord, toRecordBody } from "./DnsRecord.js"
import {
  type Acknowledged,
  type AddedRecord,
  decodeAcknowledged,
  decodeAddedRecord,
  decodeRecordList,
  decodeZoneList,
  type RecordList,
  type ZoneList
} from "./models.js"
import { apiPath } from "./path.js"
import { ChangeOutcomeUnknown } from "./reasons.js"
import { sign } from "./sign.js"
import { zoneName } from "./zone.js"

/** A call's failure: a DO-API error, or core's `UpstreamError` for transport and decoding faults. */
export type DoApiFailure = DoApiError | UpstreamError

/** The header that carries the access key and the signature; redacted in every log and span. */
export const authorizationHeader = "authorization"

const vendor = "do-api"

export interface CallOptions {
  /** Overrides the configured service code for this call. */
  readonly serviceCode?: string | undefined
}

export interface CommitOptions extends CallOptions {
  /**
   * The zone whose changes this commit publishes. With it, a commit whose answer was lost is
   * reconciled by reading the zone (nothing pending: it took effect); without it, such a commit
   * fails as it happened and is never resent.
   */
  readonly zone?: string | undefined
}

export interface RequestOptions<A> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** The span's name suffix, e.g. `listZones`. Default `request`. */
  readonly operation?: string | undefined
  /** Path segments after the service code, unencoded; the last gets `.json`. */
  readonly segments: ReadonlyArray<string>
  readonly body?: unknown
  /** Whether sending it twice is harmless; defaults to `true` except for POST. */
  readonly idempotent?: boolean | undefined
  /** The success body's schema. */
  readonly schema: Schema.Decoder<A>
  readonly serviceCode?: string | undefined
}

export interface DoApiClient {
  /** `GET /zones.json`: the zone names of the service code. */
  readonly listZones: (options?: CallOptions) => Effect.Effect<ZoneList, DoApiFailure>
  /**
   * `GET /<zone>/records/DETAIL.json`: the zone's records, pending changes included. Zone names with
   * non-ASCII labels are sent as A-labels (see `zoneName`).
   */
  readonly listRecords: (zone: string, options?: CallOptions) => Effect.Effect<RecordList, DoApiFailure>
  /**
   * `POST /<zone>/record.json`: adds a record (takes effect on `commit`). Not idempotent: an add
   * whose answer was lost is looked for in the zone before it is ever sent again (see `reconcile`).
   */
  readonly addRecord: (
    zone: string,
    record: NewDnsRecord,
    options?: CallOptions
  ) => Effect.Effect<AddedRecord, DoApiFailure>
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
  ) => Effect.Effect<Acknowledged, DoApiFailure>
  /** `PUT /commit.json`: publishes the pending changes. Treated as not idempotent. */
  readonly commit: (options?: CommitOptions) => Effect.Effect<Acknowledged, DoApiFailure>
  /** Any other DO-API call, signed, checked and recovered like the ones above. */
  readonly request: <A>(options: RequestOptions<A>) => Effect.Effect<A, DoApiFailure>
}

const invalidRequest = (code: string): Effect.Effect<never, UpstreamError> =>
  Effect.fail(new UpstreamError({ reason: new InvalidRequest({ vendor, code }) }))

// Whether a commit took effect, from the zone's record statuses (iij/doapi protocol/common.go:
// UNCHANGED, ADDING, DELETING, DELETED). ADDING or DELETING left: not published, so it may be sent
// again. Only UNCHANGED (or no status): published. Anything else, DELETED included (when IIJ shows
// it is undocumented: a deletion pending or one done), cannot tell.
const commitState = (records: RecordList): "published" | "pending" | "unknown" => {
  const statuses = records.records.map((r) => r.status?.toUpperCase())
  if (statuses.some((s) => s === "ADDING" || s === "DELETING")) return "pending"
  return statuses.every((s) => s === undefined || s === "UNCHANGED") ? "published" : "unknown"
}

// Record ids as core's reconciliation reports candidates (DO-API ids are decimal strings).
const candidateIds = (records: ReadonlyArray<DnsRecord>): ReadonlyArray<number> =>
  records.map((r) => Number(r.id)).filter((id) => Number.isSafeInteger(id))

const requestIdOf = (result: { readonly requestId?: string }): { readonly requestId?: string } =>
  result.requestId !== undefined ? { requestId: result.requestId } : {}

// JSON.stringify throws for BigInt and cycles and yields `undefined` for functions and symbols.
const encodeBody = (body: unknown): string | undefined => {
  try {
    const json: unknown = JSON.stringify(body)
    return typeof json === "string" ? json : undefined
  } catch {
    return undefined
  }
}

// The DO-API reasons the client recovers by backoff, each as far as its own retry class and the
// call's idempotency allow. Unrecognized carries the class of its status (a 503 page may be retried
// for a GET, never for a POST). StatusError (maintenance) is left to the caller.
const backoffTags = new Set(["RequestRunning", "Timeout", "SystemError", "Unrecognized"])
const retriable = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" ? backoffTags.has(failure.reason._tag) : true

// An expired signature was not processed: the request is signed afresh and sent once more at once.
const expired = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" && failure.reason._tag === "RequestExpired"

const unreadable = (answer: UpstreamAnswer, code: string, requestId: string | undefined) =>
  new UpstreamError({
    // A 2xx of the wrong shape will not change shape when sent again.
    reason: new UnreadableResponse({ vendor, code, upstreamStatus: answer.status, requestId, retry: "never" })
  })

// An answer is a DO-API error (an ErrorResponse at any status, or an error status) or the success
// body, read by `decode`. `settle` turns the error of a retry after a maybe-processed attempt into
// a success (a delete whose record is gone).
const readAnswer =
  <A>(decode: (json: unknown) => Option.Option<A>, settle?: (error: DoApiError) => A | undefined) =>
  (answer: UpstreamAnswer): Effect.Effect<A, DoApiFailure> => {
    const json = parseJsonBody(answer.body)
    const error = decodeError(
      { status: answer.status, headers: answer.headers, body: json ?? answer.body },
      { now: answer.now }
    )
    if (error !== undefined) {
      const settled = answer.afterMaybeProcessed && settle !== undefined ? settle(error) : undefined
      return settled !== undefined ? Effect.succeed(settled) : Effect.fail(error)
    }
    const requestId = Option.getOrUndefined(decodeAcknowledged(json))?.requestId
    if (json === undefined) return Effect.fail(unreadable(answer, "DecodeError", requestId))
    return Option.match(decode(json), {
      onNone: () => Effect.fail(unreadable(answer, "SchemaError", requestId)),
      onSome: (value) =>
        Effect.as(
          requestId !== undefined
            ? Effect.annotateCurrentSpan("faultline.upstream_request_id", requestId)
            : Effect.void,
          value
        )
    })
  }

interface Call<A> {
  readonly method: RequestOptions<A>["method"]
  readonly operation: string
  readonly segments: ReadonlyArray<string>
  readonly body?: unknown
  readonly idempotent?: boolean | undefined
  readonly serviceCode?: string | undefined
  readonly decode: (json: unknown) => Option.Option<A>
  readonly settle?: ((error: DoApiError) => A | undefined) | undefined
}

// The path the signature covers: the request's path below the base URL, as DO-API sees it.
const signedPath = (settings: ResolvedDoApiOptions, url: URL): string =>
  `/${url.pathname.slice(settings.baseUrl.pathname.length)}`

/**
 * Builds the client over the `HttpClient` and `RollingWindowLimiter` in context. Fails with an
 * `InvalidOptionError` naming the option when an option cannot work.
 */
export const make = (
  options: DoApiOptions
): Effect.Effect<
  DoApiClient,
  InvalidOptionError,
  HttpClient.HttpClient | RollingWindowLimiter.RollingWindowLimiter
> =>
  Effect.gen(function* () {
    const settings = yield* validateDoApiOptions(options)
    const limiter = yield* RollingWindowLimiter.RollingWindowLimiter
    const key = limiterKey(vendor, settings.accessKey)
    const caller: UpstreamCaller = {
      client: withExchangePolicy({
        vendor,
        timeout: settings.timeout,
        maxResponseBytes: settings.maxResponseBytes,
        secretHeaders: [authorizationHeader],
        // Signed per attempt, so a retry carries a fresh Expire.
        authorize: (request) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.try({
              try: () => {
                const contentType = request.body._tag === "Empty" ? undefined : request.body.contentType
                const signed = sign(
                  { method: request.method, path: signedPath(settings, new URL(request.url)), contentType },
                  { accessKey: settings.accessKey, secretKey: settings.secretKey },
                  now,
                  { expiresIn: settings.expiresIn }
                )
                return HttpClientRequest.setHeaders(request, signed.headers)
              },
              // Only a clock outside JavaScript's dates gets here.
              catch: () =>
                new UpstreamError({ reason: new InvalidRequest({ vendor, code: "InvalidExpire" }) })
            })
          )
      })(yield* HttpClient.HttpClient),
      retry: settings.retry,
      beforeAttempt: Effect.void,
      limit: limitAttempt(limiter, { vendor, key, windows: settings.rateLimit, timeout: settings.timeout })
    }

    const call = <A>(options: Call<A>): Effect.Effect<A, DoApiFailure> =>
      Effect.gen(function* () {
        const serviceCode = options.serviceCode ?? settings.serviceCode
        if (serviceCode === undefined) return yield* invalidRequest("MissingServiceCode")
        const path = apiPath(serviceCode, options.segments)
        if (path === undefined) return yield* invalidRequest("InvalidPathSegment")
        const body = options.body === undefined ? undefined : encodeBody(options.body)
        if (options.body !== undefined && body === undefined) return yield* invalidRequest("EncodeError")
        let request = HttpClientRequest.make(options.method)(new URL(path.slice(1), settings.baseUrl), {
          acceptJson: true
        })
        if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
        return yield* callUpstream(caller, {
          service: "DoApi",
          vendor,
          operation: options.operation,
          route: `{serviceCode}/${options.segments.join("/")}`,
          request,
          idempotent: options.idempotent ?? options.method !== "POST",
          decode: readAnswer(options.decode, options.settle),
          retryWhile: retriable,
          resendOnce: expired
        })
      })

    // Zone names go out as A-labels; one that is no domain name fails typed, before any request.
    const inZone = <A>(
      zone: string,
      f: (zone: string) => Effect.Effect<A, DoApiFailure>
    ): Effect.Effect<A, DoApiFailure> => {
      const ascii = zoneName(zone)
      return ascii === undefined ? invalidRequest("InvalidZoneName") : f(ascii)
    }

    // A delete retried after an attempt that may have deleted the record: "not there" means done.
    const alreadyDeleted = (error: DoApiError): Acknowledged | undefined =>
      error.reason._tag === "ResourceNotExist"
        ? error.requestId !== undefined
          ? { requestId: error.requestId }
          : {}
        : undefined

    // A change whose answer was lost (sent, then a timeout, reset or 5xx, or a 2xx we could not
    // read) is looked for in the zone before anything is sent again: found, the call succeeds;
    // proven absent, it is sent once more; the zone unreadable or not conclusive, the call fails
    // with ChangeOutcomeUnknown.
    const reconcile = settings.reconcile
    const reconciled = <A>(
      operation: string,
      zone: string,
      change: Effect.Effect<A, DoApiFailure>,
      find: (records: RecordList) => Reconciliation<A>
    ): Effect.Effect<A, DoApiFailure> => {
      if (reconcile === false) return change
      return Effect.gen(function* () {
        const sentAt = yield* Clock.currentTimeMillis
        const unknown = () =>
          new DoApiError({
            reason: new ChangeOutcomeUnknown({ operation, zone, sentAt, retryAfter: Duration.minutes(1) }),
            upstreamStatus: undefined
          })
        // The zone's records show what the change did: read, it was made or not; unreadable, unknown.
        const look = Effect.map(Effect.result(listRecords(zone)), (records): Reconciliation<A> => {
          if (Result.isFailure(records)) return { _tag: "Unknown", candidates: [] }
          return find(records.success)
        }).pipe(Effect.tap((r) => Effect.logDebug(`DoApi.${operation} reconciled`, { zone, result: r._tag })))
        return yield* sendExactlyOnce({ send: change, look, settle: reconcile.settle, unknown })
      }).pipe(Effect.withSpan(`DoApi.reconcile`, { attributes: { "do_api.operation": operation } }))
    }

    const listRecords = (zone: string, options?: CallOptions): Effect.Effect<RecordList, DoApiFailure> =>
      call({
        method: "GET",
        operation: "listRecords",
        segments: [zone, "records", "DETAIL"],
        serviceCode: options?.serviceCode,
        decode: decodeRecordList
      })

    return {
      request: (options) =>
        call({
          ...options,
          operation: options.operation ?? "request",
          decode: Schema.decodeUnknownOption(options.schema)
        }),
      listZones: (options) =>
        call({
          method: "GET",
          operation: "listZones",
          segments: ["zones"],
          serviceCode: options?.serviceCode,
          decode: decodeZoneList
        }),
      listRecords: (zone, options) => inZone(zone, (zone) => listRecords(zone, options)),
      addRecord: (zone, record, options) =>
        inZone(zone, (zone) => {
          const add = call({
            method: "POST",
            operation: "addRecord",
            segments: [zone, "record"],
            body: toRecordBody(record),
            serviceCode: options?.serviceCode,
            decode: decodeAddedRecord
          })
          // Compared in DO-API's listed form; a record that may be ours but is not surely so
          // ends the call unknown, never in a second add.
          return reconciled("addRecord", zone, add, (records): Reconciliation<AddedRecord> => {
            const found = lookForRecord(records.records, zone, record)
            if (found._tag === "Found") {
              return { _tag: "Found", value: { record: found.record, ...requestIdOf(records) } }
            }
            return found._tag === "Unknown"
              ? { _tag: "Unknown", candidates: candidateIds(found.candidates) }
              : { _tag: "Absent" }
          })
        }),
      deleteRecord: (zone, recordId, options) =>
        inZone(zone, (zone) =>
          call({
            method: "DELETE",
            operation: "deleteRecord",
            segments: [zone, "record", recordId],
            serviceCode: options?.serviceCode,
            decode: decodeAcknowledged,
            settle: alreadyDeleted
          })
        ),
      commit: (options) => {
        const commit = call({
          method: "PUT",
          operation: "commit",
          segments: ["commit"],
          // A PUT, but a repeated commit is not harmless: it may publish changes made in between.
          idempotent: false,
          serviceCode: options?.serviceCode,
          decode: decodeAcknowledged
        })
        const zone = options?.zone
        if (zone === undefined) return commit
        // Committed means every record of the zone is UNCHANGED again.
        return inZone(zone, (zone) =>
          reconciled("commit", zone, commit, (records): Reconciliation<Acknowledged> => {
            const state = commitState(records)
            return state === "published"
              ? { _tag: "Found", value: requestIdOf(records) }
              : state === "pending"
                ? { _tag: "Absent" }
                : { _tag: "Unknown", candidates: [] }
          })
        )
      }
    } satisfies DoApiClient
  })

/**
 * The client with an in-memory rate limiter (off unless `rateLimit` is set); needs an `HttpClient`
 * (e.g. `FetchHttpClient.layer`). For a budget shared across replicas, build it with {@link make}
 * over `RollingWindowLimiter.layerRedis()` and `NodeRedis.layer({ url })`.
 */
export const layer = (options: DoApiOptions): Layer.Layer<DoApi, InvalidOptionError, HttpClient.HttpClient> =>
  Layer.effect(DoApi, make(options)).pipe(Layer.provide(layerMemoryLimiter))

/**
 * Like {@link layer}, with options read through Effect `Config`: each option may be a `Config`
 * (`secretKey: Config.Redacted("MY_SECRET")`), or the whole options one. Default:
 * `doApiConfigFromEnv` (`DOAPI_ACCESS_KEY`, `DOAPI_SECRET_KEY`, `DOAPI_SERVICE_CODE`, `DOAPI_BASE_URL`).
 */
export const layerConfig = (
  options: Config.Wrap<DoApiOptions>
): Layer.Layer<DoApi, InvalidOptionError | Config.ConfigError, HttpClient.HttpClient> =>
  Layer.unwrap(Effect.map(Config.unwrap(options), layer))

/**
 * The DO-API client service. `DoApi.layer(options)`, `DoApi.layerConfig(config)` and
 * `DoApi.make(options)` build it; `yield* DoApi` uses it.
 */
export class DoApi extends Context.Service<DoApi, DoApiClient>()("@faultline/do-api/DoApi") {
  static readonly make = make
  static readonly layer = layer
  static readonly layerConfig = layerConfig
}
