import type { RecordBody } from "./models.js"

/**
 * A DNS record as DO-API lists it: normalised, not as it was sent (owner relative to the zone with
 * `@` for the apex, names in `rdata` absolute without the final dot, TXT quoted). Compare a wanted
 * record with listed ones through `findRecord` / `lookForRecord`, never field by field.
 */
export interface DnsRecord {
  readonly id: string
  /**
   * DO-API's record status when given: `UNCHANGED` (published), `ADDING`, `DELETING` (pending until
   * the next commit) or `DELETED` (iij/doapi's words). An open string: other words are kept as sent.
   */
  readonly status: string | undefined
  readonly owner: string
  readonly ttl: number
  readonly recordType: string
  readonly rdata: string
  readonly description: string | undefined
}

/**
 * A record to add: owner relative to the zone, `@` or the zone's absolute name (`example.jp.`) for
 * the apex, or absolute under the zone (`www.example.jp.`); TTL in seconds. Sent as given.
 */
export interface NewDnsRecord {
  readonly owner: string
  readonly ttl: number
  readonly recordType: string
  readonly rdata: string
  readonly description?: string | undefined
}

export const fromRecordBody = (body: RecordBody): DnsRecord => ({
  id: body.Id,
  status: body.Status,
  owner: body.Owner,
  ttl: typeof body.TTL === "number" ? body.TTL : Number(body.TTL),
  recordType: body.RecordType,
  rdata: body.RData,
  description: body.Description ?? undefined
})

export const toRecordBody = (record: NewDnsRecord) => ({
  Owner: record.owner,
  TTL: String(record.ttl),
  RecordType: record.recordType,
  RData: record.rdata,
  ...(record.description !== undefined ? { Description: record.description } : {})
})
