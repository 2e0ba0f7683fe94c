import { InvalidRequest, UpstreamError, type UpstreamFailure } from "@faultline/core"
import { bySchema, type Reconciliation, sendExactlyOnce, vendorService } from "@faultline/core/vendor"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { type ResolvedDoApiOptions, validateDoApiOptions } from "./DoApiConfig.js"
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

// The DO-API reasons the client recovers by backoff, each as far as its own retry class and the
// call's idempotency allow. Unrecognized carries the class of its status (a 503 page may be retried
// for a GET, never for a POST). StatusError (maintenance) is left to the caller.
const backoffTags = new Set(["RequestRunning", "Timeout", "SystemError", "Unrecognized"])
const retriable = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" ? backoffTags.has(failure.reason._tag) : true

// An expired signature was not processed: the request is signed afresh and sent once more at once.
const expired = (failure: UpstreamFailure): boolean =>
  failure._tag === "DoApiError" && failure.reason._tag === "RequestExpired"

/** DO-API as the vendor kit knows it: every answer, a success included, may carry a RequestId. */
const doApi = {
  vendor,
  service: "DoApi",
  decodeError,
  requestIdOf: (json: unknown) => Option.getOrUndefined(decodeAcknowledged(json))?.requestId
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

/** Builds the DO-API client, signing each attempt (see `vendorService`); a bad option fails the build. */
export const { make, layer, layerConfig } = vendorService(() => DoApi, doApi, {
  validate: validateDoApiOptions,
  connect: (settings) => ({
    credential: settings.accessKey,
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
          catch: () => new UpstreamError({ reason: new InvalidRequest({ vendor, code: "InvalidExpire" }) })
        })
      ),
    retryWhile: retriable,
    resendOnce: expired
  }),
  client: ({ call: send, invalidRequest }, settings): DoApiClient => {
    const call = <A>(options: Call<A>): Effect.Effect<A, DoApiFailure> => {
      const serviceCode = options.serviceCode ?? settings.serviceCode
      if (serviceCode === undefined) return invalidRequest("MissingServiceCode")
      const path = apiPath(serviceCode, options.segments)
      if (path === undefined) return invalidRequest("InvalidPathSegment")
      return send({
        ...options,
        route: `{serviceCode}/${options.segments.join("/")}`,
        url: new URL(path.slice(1), settings.baseUrl)
      })
    }

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
            reason: new ChangeOutcomeUnknown({ operation, zone, sentAt, retryAfter: Duration.minutes(1) })
          })
        // The zone's records show what the change did: read, it was made or not; unreadable, unknown.
        const look = Effect.map(
          Effect.result(listRecords(zone)),
          (records): Reconciliation<A> =>
            Result.isFailure(records) ? { _tag: "Unknown", candidates: [] } : find(records.success)
        )
        return yield* sendExactlyOnce({
          service: "DoApi",
          operation,
          send: change,
          look,
          settle: reconcile.settle,
          unknown
        })
      })
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
      request: (options) => call(bySchema(options)),
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
  }
})

/**
 * The DO-API client service, built by `DoApi.layer(options)`, `DoApi.layerConfig(doApiConfigFromEnv)`
 * (both with an in-memory limiter, off unless `rateLimit` is set) or `DoApi.make(options)`.
 */
export class DoApi extends Context.Service<DoApi, DoApiClient>()("@faultline/do-api/DoApi") {
  static readonly make = make
  static readonly layer = layer
  static readonly layerConfig = layerConfig
}
