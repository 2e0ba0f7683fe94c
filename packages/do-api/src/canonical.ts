import { isIP } from "node:net"
import type { DnsRecord, NewDnsRecord } from "./DnsRecord.js"
import { zoneName } from "./zone.js"

// A record as DO-API lists it is normalised, not as it was sent (CONTRACT.md, "The listed form"):
// the owner relative to the zone with `@` for the apex, names inside RData absolute without the
// final dot, TXT data quoted. After a lost add the client looks for its record in that form.
//
// What IIJ documents nowhere (name case, blanks, TXT escapes and multi-string TXT, IPv6 notation,
// CAA/TLSA/DS data) is compared in two steps: `same` when the listed record equals what the client
// expects once case and blanks are set aside; `maybe` when it equals it only after everything an
// undocumented normalisation could change is stripped. A `maybe` must never count as absent: the
// add would be sent again and the zone could end up with the record twice.

/** How a listed record relates to a wanted one. */
export type RecordMatch = "same" | "maybe" | "different"

/** What a zone's records say about a wanted record. */
export type RecordLookup =
  | { readonly _tag: "Found"; readonly record: DnsRecord }
  | { readonly _tag: "Unknown"; readonly candidates: ReadonlyArray<DnsRecord> }
  | { readonly _tag: "Absent" }

/** A record in the form DO-API lists it: owner, type, data and TTL. */
export interface CanonicalRecord {
  readonly owner: string
  readonly recordType: string
  readonly rdata: string
  readonly ttl: number
}

// Statuses of a record whose deletion is pending or done (iij/doapi protocol/common.go): such a
// record is not the one an add just made.
const goingStatuses = new Set(["DELETING", "DELETED"])

/** Types whose whole RData is one domain name (APEX: IIJ's apex alias; its data form unconfirmed). */
const nameTypes = new Set(["CNAME", "NS", "PTR", "APEX"])

// The zone as DO-API names it (A-labels), without a final dot.
const origin = (zone: string) => (zoneName(zone.trim()) ?? zone.trim()).replace(/\.$/, "").toLowerCase()

/** An owner relative to `zone` (`@` for the apex), lower-cased; a name outside the zone stays absolute. */
export const canonicalOwner = (owner: string, zone: string): string => {
  const name = owner.trim().toLowerCase()
  if (name === "@" || !name.endsWith(".")) return name
  const z = origin(zone)
  const full = name.slice(0, -1)
  if (full === z) return "@"
  return full.endsWith(`.${z}`) ? full.slice(0, -(z.length + 1)) : name
}

/** A domain name in RData as listed: absolute without the final dot, lower-cased. */
const canonicalTarget = (name: string, zone: string): string => {
  const n = name.toLowerCase()
  if (n === "@") return origin(zone)
  return n.endsWith(".") ? n.slice(0, -1) : `${n}.${origin(zone)}`
}

// IPv6 written out in full, so `2001:DB8::1` and `2001:db8:0:0:0:0:0:1` compare equal.
const expandIpv6 = (address: string): string => {
  const [head = "", tail] = address.toLowerCase().split("::")
  const groups = (part: string | undefined) => (part === undefined || part === "" ? [] : part.split(":"))
  const left = groups(head)
  const right = groups(tail)
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0")
  return [...left, ...zeros, ...right].map((g) => g.padStart(4, "0")).join(":")
}

const words = (rdata: string) => rdata.trim().split(/\s+/)

// A preference/priority field: its number when it is one, else the text as given.
const numeric = (field: string) => (/^\d+$/.test(field) ? String(Number(field)) : field)

/** The RData a wanted record is listed with, as far as IIJ's listing is known. */
export const canonicalRData = (recordType: string, rdata: string, zone: string): string => {
  const type = recordType.toUpperCase()
  const data = rdata.trim()
  if (nameTypes.has(type)) return canonicalTarget(data, zone)
  if (type === "MX" || type === "SRV") {
    const fields = words(data)
    const last = fields.length - 1
    return fields.map((f, i) => (i === last && last > 0 ? canonicalTarget(f, zone) : numeric(f))).join(" ")
  }
  if (type === "TXT") return data.startsWith('"') ? data : `"${data.replace(/[\\"]/g, (c) => `\\${c}`)}"`
  if (type === "AAAA" && isIP(data) === 6) return expandIpv6(data)
  if (type === "A" || type === "AAAA") return data
  // CAA, TLSA, DS and any other type: the fields with single spaces between them.
  return words(data).join(" ")
}

/** A wanted record in the form DO-API lists it. */
export const canonicalRecord = (record: NewDnsRecord, zone: string): CanonicalRecord => ({
  owner: canonicalOwner(record.owner, zone),
  recordType: record.recordType.trim().toUpperCase(),
  rdata: canonicalRData(record.recordType, record.rdata, zone),
  ttl: record.ttl
})

// A listed record read the same way (it is already in the listed form; this only sets aside case,
// blanks and IPv6 notation).
const listedRecord = (record: DnsRecord, zone: string): CanonicalRecord => {
  const type = record.recordType.trim().toUpperCase()
  const data = record.rdata.trim()
  const absolute = (name: string) => (name.endsWith(".") ? name : `${name}.`)
  const rdata = nameTypes.has(type)
    ? canonicalTarget(absolute(data), zone)
    : type === "MX" || type === "SRV"
      ? canonicalRData(
          type,
          words(data)
            .map((f, i, all) => (i === all.length - 1 ? absolute(f) : f))
            .join(" "),
          zone
        )
      : canonicalRData(type, data, zone)
  return { owner: canonicalOwner(record.owner, zone), recordType: type, rdata, ttl: record.ttl }
}

// Everything an undocumented normalisation could change, stripped: case, blanks, quotes,
// backslashes, dots, `@` and the zone's name.
const loose = (text: string, zone: string): string => {
  const z = origin(zone)
  let out = text.toLowerCase()
  if (z !== "") out = out.split(z).join("")
  return out.replace(/[\s"\\.@]/g, "")
}

/** How `listed` (a record of `zone` as DO-API lists it) relates to `wanted` (as the client sends it). */
export const compareRecord = (listed: DnsRecord, zone: string, wanted: NewDnsRecord): RecordMatch => {
  const a = listedRecord(listed, zone)
  const b = canonicalRecord(wanted, zone)
  if (a.recordType !== b.recordType) return "different"
  if (a.owner === b.owner && a.rdata === b.rdata && a.ttl === b.ttl) return "same"
  const looseData = (r: CanonicalRecord) =>
    loose(r.recordType === "AAAA" ? r.rdata.replace(/(^|:)0{1,3}/g, "$1") : r.rdata, zone)
  return loose(a.owner, zone) === loose(b.owner, zone) && looseData(a) === looseData(b)
    ? "maybe"
    : "different"
}

/**
 * What `records` (a zone's listing) say about `wanted`: `Found` with the record when one is surely
 * it; `Unknown` with the records that may be it when none is sure; `Absent` when none can be.
 * Records being deleted (`DELETING`, `DELETED`) are never it.
 */
export const lookForRecord = (
  records: ReadonlyArray<DnsRecord>,
  zone: string,
  wanted: NewDnsRecord
): RecordLookup => {
  const candidates: Array<DnsRecord> = []
  for (const record of records) {
    if (record.status !== undefined && goingStatuses.has(record.status.toUpperCase())) continue
    const match = compareRecord(record, zone, wanted)
    if (match === "same") return { _tag: "Found", record }
    if (match === "maybe") candidates.push(record)
  }
  return candidates.length > 0 ? { _tag: "Unknown", candidates } : { _tag: "Absent" }
}

/**
 * The record of `records` (a zone's listing, e.g. `listRecords(zone)`) that is surely `wanted`, in
 * DO-API's listed form; `undefined` when none is. The comparison `addRecord` reconciles with. An
 * `undefined` does not prove the record absent: use {@link lookForRecord} before adding it again.
 */
export const findRecord = (
  records: ReadonlyArray<DnsRecord>,
  zone: string,
  wanted: NewDnsRecord
): DnsRecord | undefined => {
  const found = lookForRecord(records, zone, wanted)
  return found._tag === "Found" ? found.record : undefined
}
