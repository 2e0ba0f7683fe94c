import type { UpstreamError } from "@faultline/core"
import type { Reconciliation } from "@faultline/core/vendor"
import * as V from "@faultline/core/vendor"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import { validateDpfOptions } from "./DpfConfig.js"
import { DpfError } from "./DpfError.js"
import { decodeError, requestIdOf } from "./decodeError.js"
import type { DpfJob, DpfRecord, DpfZone } from "./models.js"
import * as M from "./models.js"
import { ChangeOutcomeUnknown, type DpfReason, JobFailed } from "./reasons.js"
import { absoluteName, holds, type NewDpfRecord, rdataValue, sameSet } from "./recordSet.js"

/** A call's failure: a DPF-API error, or core's `UpstreamError` for transport and reading faults. */
export type DpfFailure = DpfError | UpstreamError

/** The header of the bearer token; redacted in every log and span. */
export const authorizationHeader = "authorization"

/** A change done: its job (none when a lost answer was settled by listing) and the record it made. */
export interface DpfChange {
  readonly jobId: string | undefined
  /** The record made or changed (a SUCCESSFUL job's `resources_url`, or the one listed). */
  readonly recordId: string | undefined
  /** Whether the answer was lost (or the add was `duplicated`) and the change was found by listing. */
  readonly reconciled: boolean
}

/** Filters of a record list, sent as `_keywords_*[]` and checked again on each listed record. */
export interface RecordFilter {
  readonly name?: string | undefined
  readonly rrtype?: string | undefined
}

type Records = Effect.Effect<ReadonlyArray<DpfRecord>, DpfFailure>
type Change = Effect.Effect<DpfChange, DpfFailure>

export interface DpfClient {
  /** `GET zones`, every page. */
  readonly listZones: () => Effect.Effect<ReadonlyArray<DpfZone>, DpfFailure>
  readonly getZone: (zoneId: string) => Effect.Effect<DpfZone, DpfFailure>
  /** The zone holding a name (the longest zone name it ends with), or `undefined`. */
  readonly findZone: (name: string) => Effect.Effect<DpfZone | undefined, DpfFailure>
  /** `GET zones/{ZoneId}/records`, every page: the records being edited, with their `state`. */
  readonly listRecords: (zoneId: string, filter?: RecordFilter) => Records
  /** `GET zones/{ZoneId}/records/currents`, every page: the records on the DNS servers now. */
  readonly listCurrentRecords: (zoneId: string, filter?: RecordFilter) => Records
  readonly getRecord: (zoneId: string, recordId: string) => Effect.Effect<DpfRecord, DpfFailure>
  /** `POST zones/{ZoneId}/records` and its job (on the DNS servers once applied). Exactly once. */
  readonly addRecord: (zoneId: string, record: NewDpfRecord) => Change
  /** `PATCH zones/{ZoneId}/records/{RecordId}` with the record set's new `rdata`, and its job. Exactly once. */
  readonly updateRecord: (zoneId: string, recordId: string, rdata: ReadonlyArray<string>) => Change
  /** `DELETE zones/{ZoneId}/records/{RecordId}` and its job. Exactly once. */
  readonly deleteRecord: (zoneId: string, recordId: string) => Change
  /** `PATCH zones/{ZoneId}/changes` and its job: applies the pending changes. Exactly once. */
  readonly applyChanges: (zoneId: string, description?: string) => Change
  readonly getJob: (jobId: string) => Effect.Effect<DpfJob, DpfFailure>
  /** A record set holding the wanted values in `records` (pending included): the client's own look. */
  readonly lookForRecord: (zoneId: string, wanted: NewDpfRecord) => Effect.Effect<Reconciliation<DpfRecord>>
}

// Ids go into paths: zone and record ids are 14 characters, job ids 32 (CONTRACT.md): plain tokens.
const isId = (id: string): boolean => /^[A-Za-z0-9_-]{1,64}$/.test(id)
const pageSize = 10_000
const unsure: Reconciliation<never> = { _tag: "Unknown", candidates: [] }
const found = (recordId: string | undefined): Reconciliation<DpfChange> => ({
  _tag: "Found",
  value: { jobId: undefined, recordId, reconciled: true }
})
const fail = (reason: DpfReason) => Effect.fail(new DpfError({ reason }))
// A FAILED job: IIJ's error_type and error_message are free text, kept Redacted and bounded only.
const failed = (operation: string, jobId: string, job: DpfJob) =>
  new JobFailed({
    operation,
    jobId,
    requestId: job.requestId,
    upstreamStatus: 200,
    upstreamCode: V.upstreamCode(job.errorType),
    upstreamMessage: V.upstreamMessage(job.errorMessage)
  })
// The record a SUCCESSFUL job made or changed: the last segment of `resources_url` (go jobs.go).
const lastSegment = (url: string | undefined) => {
  const id = url?.split("/").pop()
  return id !== undefined && isId(id) ? id : undefined
}
const sameRdata = (rdata: ReadonlyArray<string>) => (r: DpfRecord | undefined) =>
  r !== undefined && r.state !== 2 && r.rdata.length === rdata.length && holds(r, { ...r, rdata })

type Ids = Readonly<Record<string, string>>
type Method = "GET" | "POST" | "PATCH" | "DELETE"
type Decode<A> = (json: unknown) => Option.Option<A>
type Look = Effect.Effect<Reconciliation<DpfChange>>
type OnDuplicate = (resent: boolean, error: DpfError, unknown: () => DpfError) => Change

const dpf = { vendor: "dpf", service: "Dpf", decodeError, requestIdOf }

/** Builds the DPF-API client (see `vendorService`); a bad option fails with `InvalidOptionError`. */
export const { make, layer, layerConfig } = V.vendorService(() => Dpf, dpf, {
  validate: validateDpfOptions,
  connect: (settings) =>
    V.headerCredential(authorizationHeader, settings.token, (token) => `Bearer ${token}`),
  client: ({ call, invalidRequest }, settings): DpfClient => {
    const url = (route: string, ids: Ids) =>
      new URL(
        route.replace(/\{(\w+)\}/g, (_, id: string) => ids[id] ?? ""),
        settings.baseUrl
      )
    // One request, its ids checked (refused unsent); a change is reconciled below, never retried blindly.
    const request = <A>(
      method: Method,
      operation: string,
      route: string,
      ids: Ids,
      decode: Decode<A>,
      more = {}
    ) => {
      const idempotent = method === "GET"
      if (!Object.values(ids).every(isId)) return invalidRequest("InvalidId")
      return call({ method, operation, route, url: url(route, ids), decode, idempotent, ...more })
    }

    // Lists have no cursor: pages of `limit` until a short one, deduplicated by id (CONTRACT.md).
    const listAll = <A extends { readonly id: string }>(
      operation: string,
      route: string,
      ids: Ids,
      decode: Decode<ReadonlyArray<A>>,
      params: Record<string, string> = {}
    ) =>
      Effect.gen(function* () {
        const seen = new Map<string, A>()
        for (let offset = 0; ; offset += pageSize) {
          const urlParams = { ...params, offset: String(offset), limit: String(pageSize) }
          const page = yield* request("GET", operation, route, ids, decode, { urlParams })
          for (const item of page) if (!seen.has(item.id)) seen.set(item.id, item)
          if (page.length < pageSize || offset >= 10_000_000) return [...seen.values()]
        }
      })

    // Whether keywords match exactly is unconfirmed: every listed record is checked again.
    const records =
      (operation: string, route: string) =>
      (ZoneId: string, filter: RecordFilter = {}): Records => {
        const name = filter.name !== undefined ? absoluteName(filter.name) : undefined
        const rrtype = filter.rrtype?.toUpperCase()
        const params: Record<string, string> = {}
        if (name !== undefined) params["_keywords_name[]"] = name
        if (rrtype !== undefined) params["_keywords_rrtype[]"] = rrtype
        const wanted = (r: DpfRecord) => sameSet(r, { name: name ?? r.name, rrtype: rrtype ?? r.rrtype })
        return Effect.map(listAll(operation, route, { ZoneId }, M.decodeRecords, params), (l) =>
          l.filter(wanted)
        )
      }
    const listRecords = records("listRecords", "zones/{ZoneId}/records")
    const listZones = () => listAll("listZones", "zones", {}, M.decodeZones)
    const getJob = (RequestId: string) =>
      request("GET", "getJob", "jobs/{RequestId}", { RequestId }, M.decodeJob)
    const getRecord = (ZoneId: string, RecordId: string) =>
      request("GET", "getRecord", "zones/{ZoneId}/records/{RecordId}", { ZoneId, RecordId }, M.decodeRecord)

    // A change exactly once (sendExactlyOnce), then its job on a bounded schedule: SUCCESSFUL is done,
    // FAILED a JobFailed; RUNNING at the end, or unreadable after the 202, is unknown (never "failed").
    const poll = Schedule.max([Schedule.spaced(settings.jobInterval), Schedule.recurs(settings.jobPolls - 1)])
    const until = (job: DpfJob) => job.status !== "RUNNING"
    const change = (
      operation: string,
      route: string,
      ids: Ids,
      method: Method,
      body: unknown,
      look: Look,
      onDuplicate?: OnDuplicate
    ): Change =>
      Effect.flatMap(Clock.currentTimeMillis, (sentAt) => {
        const zoneId = ids.ZoneId ?? ""
        const unknown = (jobId?: string) =>
          new ChangeOutcomeUnknown({ operation, zoneId, jobId, sentAt, retryAfter: Duration.minutes(1) })
        const unknownError = () => new DpfError({ reason: unknown() })
        const outcome = (jobId: string) => (job: DpfJob) =>
          job.status === "SUCCESSFUL"
            ? Effect.succeed({ jobId, recordId: lastSegment(job.resourcesUrl), reconciled: false })
            : fail(job.status === "RUNNING" ? unknown(jobId) : failed(operation, jobId, job))
        const wait = (jobId: string) =>
          Effect.matchEffect(Effect.repeat(getJob(jobId), { schedule: poll, until }), {
            onFailure: () => fail(unknown(jobId)),
            onSuccess: outcome(jobId)
          })
        let sends = 0
        const send = Effect.suspend(() => {
          const resent = ++sends > 1
          const sent = Effect.flatMap(
            request(method, operation, route, ids, M.decodeAccepted, { body }),
            wait
          )
          if (onDuplicate === undefined) return sent
          return Effect.catchReason(sent, "DpfError", "DuplicatedRecord", (_, e) =>
            onDuplicate(resent, e, unknownError)
          )
        })
        const reconcile = settings.reconcile
        if (reconcile === false) return send
        const { settle } = reconcile
        return V.sendExactlyOnce({ service: "Dpf", operation, send, look, settle, unknown: unknownError })
      })

    const lookForRecord = (zoneId: string, wanted: NewDpfRecord) =>
      Effect.map(Effect.result(listRecords(zoneId, wanted)), (listed): Reconciliation<DpfRecord> => {
        if (Result.isFailure(listed)) return unsure
        const [record] = listed.success.filter((r) => holds(r, wanted))
        return record !== undefined ? { _tag: "Found", value: record } : { _tag: "Absent" }
      })
    // A record that shows the change is done; anything else may be its job still running: unknown.
    const lookAt = (ZoneId: string, RecordId: string, done: (r: DpfRecord | undefined) => boolean): Look => {
      const got = Effect.catchReason(
        getRecord(ZoneId, RecordId),
        "DpfError",
        "ResourceNotFound",
        () => Effect.undefined
      )
      return Effect.map(Effect.result(got), (r) =>
        Result.isSuccess(r) && done(r.success) ? found(RecordId) : unsure
      )
    }

    const addRecord = (ZoneId: string, record: NewDpfRecord): Change => {
      const rrtype = record.rrtype.toUpperCase()
      const wanted = { ...record, name: absoluteName(record.name), rrtype }
      const rdata = record.rdata.map((v) => ({ value: rrtype === "TXT" ? rdataValue(rrtype, v) : v }))
      // Undefined members are left out by JSON.stringify: ttl null is the zone's default (CONTRACT.md).
      const body = { name: wanted.name, rrtype, rdata, ttl: record.ttl, description: record.description }
      const look = Effect.map(lookForRecord(ZoneId, wanted), (seen) =>
        seen._tag === "Found" ? found(seen.value.id) : seen
      )
      // duplicated/record says a set exists at the name, not that it holds our values: list and
      // compare, never POST again. After a lost answer, a set without them may be our add's job: unknown.
      const duplicated: OnDuplicate = (resent, error, unknown) =>
        Effect.flatMap(look, (seen) =>
          seen._tag === "Found"
            ? Effect.succeed(seen.value)
            : Effect.fail(resent || seen._tag === "Unknown" ? unknown() : error)
        )
      return change("addRecord", "zones/{ZoneId}/records", { ZoneId }, "POST", body, look, duplicated)
    }

    const recordRoute = "zones/{ZoneId}/records/{RecordId}"
    return {
      listZones,
      getZone: (ZoneId) => request("GET", "getZone", "zones/{ZoneId}", { ZoneId }, M.decodeZone),
      findZone: (name) =>
        Effect.map(listZones(), (zones) => {
          const holding = zones.filter((z) => `.${absoluteName(name)}`.endsWith(`.${absoluteName(z.name)}`))
          return holding.sort((a, b) => b.name.length - a.name.length)[0]
        }),
      listRecords,
      listCurrentRecords: records("listCurrentRecords", "zones/{ZoneId}/records/currents"),
      getRecord,
      addRecord,
      updateRecord: (ZoneId, RecordId, rdata) => {
        const body = { rdata: rdata.map((value) => ({ value })) }
        const look = lookAt(ZoneId, RecordId, sameRdata(rdata))
        return change("updateRecord", recordRoute, { ZoneId, RecordId }, "PATCH", body, look)
      },
      deleteRecord: (ZoneId, RecordId) => {
        const look = lookAt(ZoneId, RecordId, (r) => r === undefined || r.state === 2)
        return change("deleteRecord", recordRoute, { ZoneId, RecordId }, "DELETE", undefined, look)
      },
      applyChanges: (ZoneId, description) => {
        const look = Effect.map(Effect.result(listRecords(ZoneId)), (listed) =>
          Result.isSuccess(listed) && listed.success.every((r) => r.state === 0) ? found(undefined) : unsure
        )
        const body = description !== undefined ? { description } : {}
        return change("applyChanges", "zones/{ZoneId}/changes", { ZoneId }, "PATCH", body, look)
      },
      getJob,
      lookForRecord
    }
  }
})

/** The DPF-API client service: `Dpf.layer(options)`, `Dpf.layerConfig(dpfConfigFromEnv)`, `Dpf.make`. */
export class Dpf extends Context.Service<Dpf, DpfClient>()("@faultline/dpf/Dpf") {
  static readonly make = make
  static readonly layer = layer
  static readonly layerConfig = layerConfig
}
