import type { Checked } from "./dpfRecords.js"
import { dpfRecordTypes } from "./dpfRecords.js"

// The query of DPF-API's list and count endpoints (getZoneList, getRecordList, getRecordCurrents and
// their /count): `offset` (integer 0..10000000, default 0), `limit` (1..10000, default 100), `type`
// (AND | OR, default AND) and `_keywords_<field>[]` filters, at most 30 in all (operation
// descriptions). There is no cursor. Out-of-range paging answers invalid/schema and a bad keyword
// value invalid/keywords: which of the two documented details IIJ gives is unconfirmed.

export interface DpfQuery {
  readonly offset: number
  readonly limit: number
  /** `type=OR`: an item matching any keyword field; AND (default): every field. */
  readonly any: boolean
  /** Per field, the wanted values (an item matches a field when it matches one of them). */
  readonly keywords: ReadonlyArray<readonly [field: string, values: ReadonlyArray<string>]>
}

const integerIn = (raw: string | null, fallback: number, min: number, max: number): number | undefined => {
  if (raw === null) return fallback
  if (!/^\d{1,9}$/.test(raw)) return undefined
  const value = Number(raw)
  return value >= min && value <= max ? value : undefined
}

const listedTypes: ReadonlyArray<string> = ["SOA", ...dpfRecordTypes]

/**
 * Reads the query; `fields` are the keyword fields the simulator filters on. Other `_keywords_*[]`
 * fields the document lists (full_text, ttl, operator, label...) are accepted and not applied: a
 * client must check each listed item itself, as lego's iijdpf does.
 */
export const dpfQuery = (query: URLSearchParams, fields: ReadonlyArray<string>): Checked<DpfQuery> => {
  const schema = { ok: false, detail: { code: "invalid", attribute: "schema" } } as const
  const keywordsError = { ok: false, detail: { code: "invalid", attribute: "keywords" } } as const
  const offset = integerIn(query.get("offset"), 0, 0, 10_000_000)
  const limit = integerIn(query.get("limit"), 100, 1, 10_000)
  const type = query.get("type") ?? "AND"
  if (offset === undefined || limit === undefined || (type !== "AND" && type !== "OR")) return schema
  const keywords: Array<readonly [string, ReadonlyArray<string>]> = []
  let total = 0
  for (const name of new Set(query.keys())) {
    const match = /^_keywords_([a-z_]+)\[\]$/.exec(name)
    if (match === null) continue
    const values = query.getAll(name)
    total += values.length
    const field = match[1] ?? ""
    if (field === "rrtype" && !values.every((v) => listedTypes.includes(v))) return keywordsError
    if (fields.includes(field)) keywords.push([field, values])
  }
  if (total > 30) return keywordsError
  return { ok: true, value: { offset, limit, any: type === "OR", keywords } }
}
