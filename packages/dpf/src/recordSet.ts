import type { DpfRecord } from "./models.js"

// DPF records are record sets (one name and rrtype, every value in `rdata`), compared in one form:
// lower-case absolute names with the final dot (as go and lego send and compare them), TXT values
// quoted, other values lower-case with single spaces (CONTRACT.md, "Records").

/** A record set to add: `rdata` values as DPF takes them (a TXT value not quoted is quoted). */
export interface NewDpfRecord {
  /** Absolute (`_dnsauth.example.jp` or with the final dot); sent lower-case with the final dot. */
  readonly name: string
  readonly rrtype: string
  readonly rdata: ReadonlyArray<string>
  /** Seconds; `null` or absent: the zone's default TTL. */
  readonly ttl?: number | null | undefined
  readonly description?: string | undefined
}

/** A TXT value as DPF takes it: wrapped in double quotes, `"` and `\` escaped. */
export const quoteTxt = (text: string): string => `"${text.replace(/["\\]/g, "\\$&")}"`

/** A name in the form DPF lists and go compares: lower-case, absolute, with the final dot. */
export const absoluteName = (name: string): string => `${name.trim().toLowerCase().replace(/\.$/, "")}.`

/** A value in the compared form: TXT quoted (as sent), others lower-case with single spaces. */
export const rdataValue = (rrtype: string, value: string): string => {
  const v = value.trim()
  if (rrtype.toUpperCase() !== "TXT") return v.replace(/\s+/g, " ").toLowerCase()
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v : quoteTxt(v)
}

/** Whether a listed record is the wanted record set's, at the same name and rrtype. */
export const sameSet = (listed: DpfRecord, wanted: Pick<NewDpfRecord, "name" | "rrtype">): boolean =>
  absoluteName(listed.name) === absoluteName(wanted.name) &&
  listed.rrtype.toUpperCase() === wanted.rrtype.toUpperCase()

/** Whether a listed record holds every wanted value (and is not being deleted). */
export const holds = (
  listed: DpfRecord,
  wanted: Pick<NewDpfRecord, "name" | "rrtype" | "rdata">
): boolean => {
  if (!sameSet(listed, wanted) || listed.state === 2) return false
  const values = new Set(listed.rdata.map((v) => rdataValue(listed.rrtype, v)))
  return wanted.rdata.every((v) => values.has(rdataValue(wanted.rrtype, v)))
}
