import { decodeLenient, isWellFormedRequestId, ownField } from "@faultline/core/vendor"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { type DnsRecord, fromRecordBody } from "./DnsRecord.js"

// Success bodies. Only what a caller cannot do without is required (a zone list, a record's id and
// data); every other field is kept when it reads as documented and left out when it does not, so a
// 2xx (a record added, a commit started) never turns into a failure over a field we do not use.
// Every model carries the response's RequestId, as DO-API puts it on every body.

// TTL arrives as a string in practice; a number is accepted too.
const Ttl = Schema.Union([Schema.String, Schema.Number])

const recordRequired = {
  Id: Schema.String,
  Owner: Schema.String,
  TTL: Ttl,
  RecordType: Schema.String,
  RData: Schema.String
}
const recordOptional = {
  Status: Schema.String,
  Description: Schema.NullOr(Schema.String)
}
const decodeRecordBody = decodeLenient(recordRequired, recordOptional)

/** A record body as DO-API sends it (`Record`, an entry of `RecordList`). */
export type RecordBody = Schema.Struct<typeof recordRequired>["Type"] & {
  readonly Status?: string
  readonly Description?: string | null
}

const decodeRecord = (u: unknown): Option.Option<DnsRecord> => Option.map(decodeRecordBody(u), fromRecordBody)

const requestIdOf = (body: unknown): { readonly requestId?: string } => {
  const id = ownField(body, "RequestId")
  return isWellFormedRequestId(id) ? { requestId: id } : {}
}

/** `GET zones.json`. */
export interface ZoneList {
  readonly zones: ReadonlyArray<string>
  readonly requestId?: string
}
const decodeZonesBody = decodeLenient({ ZoneList: Schema.Array(Schema.String) }, {})
export const decodeZoneList = (body: unknown): Option.Option<ZoneList> =>
  Option.map(decodeZonesBody(body), ({ ZoneList }) => ({ zones: ZoneList, ...requestIdOf(body) }))

/** `GET <zone>/records/DETAIL.json`: the records that read (one without id or data is skipped). */
export interface RecordList {
  readonly records: ReadonlyArray<DnsRecord>
  readonly requestId?: string
}
const decodeRecordsBody = decodeLenient({ RecordList: Schema.Array(Schema.Unknown) }, {})
export const decodeRecordList = (body: unknown): Option.Option<RecordList> =>
  Option.map(decodeRecordsBody(body), ({ RecordList }) => ({
    records: RecordList.flatMap((entry) => Option.toArray(decodeRecord(entry))),
    ...requestIdOf(body)
  }))

/** `POST <zone>/record.json`: the record as added (it takes effect on commit). */
export interface AddedRecord {
  readonly record: DnsRecord
  readonly requestId?: string
}
const decodeAddedBody = decodeLenient({ Record: Schema.Unknown }, {})
export const decodeAddedRecord = (body: unknown): Option.Option<AddedRecord> =>
  Option.flatMap(decodeAddedBody(body), ({ Record }) =>
    Option.map(decodeRecord(Record), (record) => ({ record, ...requestIdOf(body) }))
  )

/** Delete and commit: DO-API answers with the RequestId only. */
export interface Acknowledged {
  readonly requestId?: string
}
const decodeAckBody = decodeLenient({}, {})
export const decodeAcknowledged = (body: unknown): Option.Option<Acknowledged> =>
  Option.map(decodeAckBody(body), () => requestIdOf(body))
