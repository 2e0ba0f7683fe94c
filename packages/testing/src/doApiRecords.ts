import { isIPv4, isIPv6 } from "node:net"

// What POST record accepts: the TTLs (28800 when left out) and record types of IIJ's record pages
// (https://manual.iij.jp/dns/doapi/754520.html, the PUT record page; POST's is unconfirmed but the
// same field); the validation codes other than RESERVED_V4ADDRESS (the one the error page shows)
// are this simulator's names (unconfirmed).

export const allowedTtls = ["300", "600", "3600", "28800", "43200"]
export const defaultTtl = "28800"
export const recordTypes = [
  "NS",
  "A",
  "AAAA",
  "MX",
  "CNAME",
  "SRV",
  "TXT",
  "CAA",
  "TLSA",
  "DS",
  "PTR",
  "APEX"
]

/** A record to add, as the request body gives it. */
export interface RecordInput {
  readonly Owner: string
  readonly TTL: string
  readonly RecordType: string
  readonly RData: string
  readonly Description?: string | undefined
}

export interface RecordValidation {
  readonly Line: string
  readonly ErrorCode: string
}

const label = /^(\*|[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)$/

// Documentation, loopback, "this network", link-local, multicast and reserved blocks.
const reservedV4: ReadonlyArray<readonly [number, number]> = [
  [0x00000000, 8],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xc0000200, 24],
  [0xc6336400, 24],
  [0xcb007100, 24],
  [0xe0000000, 4],
  [0xf0000000, 4]
]

const v4Number = (address: string) => address.split(".").reduce((n, part) => n * 256 + Number(part), 0)

const isReservedV4 = (address: string) => {
  const n = v4Number(address)
  return reservedV4.some(
    ([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits))
  )
}

const isReservedV6 = (address: string) => {
  const lower = address.toLowerCase()
  return lower === "::" || lower === "::1" || /^2001:0?db8:/.test(lower) || lower.startsWith("ff")
}

/** The owner's full name in `zone`, or `undefined` when it is malformed or outside the zone. */
export const ownerName = (owner: string, zone: string): string | undefined => {
  const z = zone.toLowerCase().replace(/\.$/, "")
  const o = owner.toLowerCase()
  if (o === "@") return z
  if (o.endsWith(".")) {
    const full = o.slice(0, -1)
    if (full !== z && !full.endsWith(`.${z}`)) return undefined
    const relative = full === z ? "" : full.slice(0, -(z.length + 1))
    return relative === "" || relative.split(".").every((l) => label.test(l)) ? full : undefined
  }
  return o.split(".").every((l) => label.test(l)) ? `${o}.${z}` : undefined
}

/**
 * The record line DO-API quotes in an ErrorList. The error page's one example pads the type to five
 * characters (`www 28800 IN A     192.0.2.1`); the padding of longer types is unconfirmed.
 */
export const recordLine = (record: RecordInput) =>
  `${record.Owner} ${record.TTL} IN ${record.RecordType.padEnd(5)} ${record.RData}\n`

/** Every problem of the record: an empty list means it is valid. */
export const validateRecord = (record: RecordInput, zone: string): ReadonlyArray<RecordValidation> => {
  const errors: Array<string> = []
  if (ownerName(record.Owner, zone) === undefined) errors.push("INVALID_OWNER")
  if (!allowedTtls.includes(record.TTL)) errors.push("INVALID_TTL")
  if (record.RecordType === "A") {
    if (!isIPv4(record.RData)) errors.push("INVALID_V4ADDRESS")
    else if (isReservedV4(record.RData)) errors.push("RESERVED_V4ADDRESS")
  }
  if (record.RecordType === "AAAA") {
    if (!isIPv6(record.RData)) errors.push("INVALID_V6ADDRESS")
    else if (isReservedV6(record.RData)) errors.push("RESERVED_V6ADDRESS")
  }
  if (record.RData.trim() === "") errors.push("INVALID_RDATA")
  else if (record.RecordType === "MX" || record.RecordType === "SRV") {
    // MX is `preference exchange`, SRV `priority weight port target`: numbers, then a name.
    const parts = record.RData.trim().split(/\s+/)
    const numbers = (n: number) =>
      parts.length === n + 1 && parts.slice(0, n).every((p) => /^\d{1,5}$/.test(p))
    if (record.RecordType === "MX" && !numbers(1)) errors.push("INVALID_RDATA")
    if (record.RecordType === "SRV" && !numbers(3)) errors.push("INVALID_RDATA")
  }
  return errors.map((ErrorCode) => ({ Line: recordLine(record), ErrorCode }))
}
