import { decodeLenient, ownField } from "@faultline/core/vendor"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { requestIdOf } from "./decodeError.js"

// Success bodies (CONTRACT.md), lenient: only what a caller needs is required, so a field IIJ adds or
// reshapes never fails a change that was made; a list entry that does not read is skipped.

/** A zone (getZone `result`, getZoneList `results`); `name` as DPF lists it (absolute, final dot). */
export interface DpfZone {
  readonly id: string
  readonly name: string
  readonly serviceCode?: string | undefined
}

/** A record set: one name and rrtype, every value in `rdata` (TXT values quoted). */
export interface DpfRecord {
  readonly id: string
  readonly name: string
  readonly rrtype: string
  readonly rdata: ReadonlyArray<string>
  /** `null`: the zone's default TTL. */
  readonly ttl?: number | null | undefined
  /** 0 applied, 1 to be added, 2 to be deleted, 3 to be updated (`currents` are all applied). */
  readonly state?: number | undefined
}

/** A job (`GET jobs/{request_id}`); `errorType` / `errorMessage` are IIJ's free text, never shown. */
export interface DpfJob {
  readonly requestId: string
  readonly status: "RUNNING" | "SUCCESSFUL" | "FAILED"
  readonly resourcesUrl?: string | undefined
  readonly errorType?: string | undefined
  readonly errorMessage?: string | undefined
}

const zone = decodeLenient({ id: Schema.String, name: Schema.String }, { service_code: Schema.String })
const record = decodeLenient(
  { id: Schema.String, name: Schema.String, rrtype: Schema.String, rdata: Schema.Array(Schema.Unknown) },
  { ttl: Schema.NullOr(Schema.Number), state: Schema.Number }
)
const job = decodeLenient(
  { status: Schema.Literals(["RUNNING", "SUCCESSFUL", "FAILED"]), request_id: Schema.String },
  { resources_url: Schema.String, error_type: Schema.String, error_message: Schema.String }
)

const toZone = (u: unknown): Option.Option<DpfZone> =>
  Option.map(zone(u), (z) => ({ id: z.id, name: z.name, serviceCode: z.service_code }))

const toRecord = (u: unknown): Option.Option<DpfRecord> =>
  Option.flatMap(record(u), ({ rdata, ...r }) => {
    const values = rdata.map((d) => ownField(d, "value"))
    return values.every((v): v is string => typeof v === "string")
      ? Option.some({ ...r, rdata: values })
      : Option.none()
  })

const results =
  <A>(entry: (u: unknown) => Option.Option<A>) =>
  (json: unknown): Option.Option<ReadonlyArray<A>> => {
    const list = ownField(json, "results")
    return Array.isArray(list) ? Option.some(list.flatMap((u) => Option.toArray(entry(u)))) : Option.none()
  }

export const decodeZone = (json: unknown) => toZone(ownField(json, "result"))
export const decodeZones = results(toZone)
export const decodeRecord = (json: unknown) => toRecord(ownField(json, "result"))
export const decodeRecords = results(toRecord)

/** The 202 of every change: its job's request_id (`jobs_url` is never followed: CONTRACT.md). */
export const decodeAccepted = (json: unknown): Option.Option<string> =>
  Option.fromUndefinedOr(requestIdOf(json))

export const decodeJob = (json: unknown): Option.Option<DpfJob> =>
  Option.map(job(json), (j) => ({
    requestId: j.request_id,
    status: j.status,
    resourcesUrl: j.resources_url,
    errorType: j.error_type,
    errorMessage: j.error_message
  }))
