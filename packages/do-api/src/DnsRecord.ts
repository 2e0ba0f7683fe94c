import type { RecordBody } from "./models.js"

/** A DNS record as DO-API lists it. */
export interface DnsRecord {
  readonly id: string
  /** DO-API's record status (e.g. `ADDING`, `DELETING`, `SAVED`), when given. */
  readonly status: string | undefined
  readonly owner: string
  readonly ttl: number
  readonly recordType: string
  readonly rdata: string
  readonly description: string | undefined
}

/** A record to add: owner relative to the zone (`@` for the apex), TTL in seconds. */
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
