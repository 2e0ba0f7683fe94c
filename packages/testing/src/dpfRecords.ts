import { isIPv4, isIPv6 } from "node:net"
import type { DpfErrorDetail } from "./dpfFixtures.js"

// What POST and PATCH zones/{ZoneId}/records accept, checked as the simulator reads swagger.json
// (iij/dpf-oapi-docs 6685b911, postRecord / patchRecord request bodies and their ErrorDetails tables).
// Which detail a given mistake produces is the simulator's reading of the tables' one-line
// explanations; IIJ's exact validation rules are unconfirmed.

/** rrtype values postRecord accepts (its enum has no SOA; the listing enum adds SOA). */
export const dpfRecordTypes = [
  "A",
  "AAAA",
  "ANAME",
  "CAA",
  "CNAME",
  "DS",
  "HTTPS",
  "MX",
  "NAPTR",
  "NS",
  "PTR",
  "SRV",
  "SVCB",
  "TLSA",
  "TXT"
] as const

/** A record's editable content, as listed (name absolute, lower-case, final dot). */
export interface DpfRecordBody {
  readonly name: string
  readonly ttl: number | null
  readonly rrtype: string
  readonly rdata: ReadonlyArray<string>
  readonly description: string
  readonly labels: Readonly<Record<string, string>>
}

export type Checked<A> =
  | { readonly ok: true; readonly value: A }
  | { readonly ok: false; readonly detail: DpfErrorDetail }

const fail = (code: string, attribute: string): Checked<never> => ({ ok: false, detail: { code, attribute } })
const schema = () => fail("invalid", "schema")

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const label = /^(\*|[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)$/

/**
 * The record name as listed: absolute, lower-case, with the final dot (lego's iijdpf sends
 * dns.CanonicalName and matches the listed name with it; golang-iij-dpf's record fixtures list
 * `www.example.jp.`). A name without the final dot is read as absolute too (swagger's postRecord
 * example sends `example.com`); a relative name is unconfirmed and refused as `invalid/name`.
 */
export const dpfRecordName = (name: string, zone: string): string | undefined => {
  const full = name.toLowerCase().replace(/\.$/, "")
  const origin = zone.toLowerCase().replace(/\.$/, "")
  if (full.length === 0 || full.length > 253) return undefined
  if (full !== origin && !full.endsWith(`.${origin}`)) return undefined
  return full.split(".").every((l) => label.test(l)) ? `${full}.` : undefined
}

const checkTtl = (ttl: unknown): Checked<number | null> =>
  ttl === undefined || ttl === null
    ? { ok: true, value: null }
    : typeof ttl === "number" && Number.isInteger(ttl) && ttl >= 1 && ttl <= 2147483647
      ? { ok: true, value: ttl }
      : schema()

const checkRdataShape = (rdata: unknown): Checked<ReadonlyArray<string>> => {
  if (!Array.isArray(rdata) || rdata.length === 0) return schema()
  const values: Array<string> = []
  for (const item of rdata) {
    if (!isObject(item) || typeof item.value !== "string") return schema()
    values.push(item.value)
  }
  return { ok: true, value: values }
}

const checkDescription = (description: unknown): Checked<string> =>
  description === undefined
    ? { ok: true, value: "" }
    : typeof description === "string" && description.length <= 80
      ? { ok: true, value: description }
      : schema()

const checkLabels = (labels: unknown): Checked<Readonly<Record<string, string>>> => {
  if (labels === undefined) return { ok: true, value: {} }
  if (!isObject(labels) || Object.keys(labels).length > 10) return schema()
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string") return fail("invalid_type_value", "labels")
    if (key.length < 1 || key.length > 63) return fail("invalid_length_key", "labels")
    if (value.length < 1 || value.length > 63) return fail("invalid_length_value", "labels")
  }
  return { ok: true, value: labels as Record<string, string> }
}

// A TXT character-string as the document asks for it: the whole value wrapped in `"` (postRecord's
// `invalid_quotes/rdata` row: the JSON string is `"\"example\""`).
const quoted = (value: string) => value.length >= 2 && value.startsWith('"') && value.endsWith('"')

const singleValued = new Set(["CNAME", "ANAME"])

/** The rdata checks of one record type: the first problem, or undefined. */
export const rdataProblem = (rrtype: string, values: ReadonlyArray<string>): DpfErrorDetail | undefined => {
  if (singleValued.has(rrtype) && values.length > 1)
    return { code: "multiple_rdata_found", attribute: "rdata" }
  if (new Set(values).size !== values.length) return { code: "invalid", attribute: "rdata" }
  for (const value of values) {
    if (value.trim() === "") return { code: "invalid", attribute: "rdata" }
    if (rrtype === "TXT" && !quoted(value)) return { code: "invalid_quotes", attribute: "rdata" }
    if (rrtype === "A" && !isIPv4(value)) return { code: "invalid", attribute: "rdata" }
    if (rrtype === "AAAA" && !isIPv6(value)) return { code: "invalid", attribute: "rdata" }
    if (rrtype === "MX" && !/^\d{1,5}\s+\S+$/.test(value.trim()))
      return { code: "invalid", attribute: "rdata" }
  }
  return undefined
}

/** The content fields shared by postRecord and patchRecord, checked for a record of `rrtype`. */
const checkContent = (
  rrtype: string,
  fields: {
    readonly ttl: unknown
    readonly rdata: unknown
    readonly description: unknown
    readonly labels: unknown
  }
): Checked<Omit<DpfRecordBody, "name" | "rrtype">> => {
  const values = checkRdataShape(fields.rdata)
  if (!values.ok) return values
  const ttl = checkTtl(fields.ttl)
  if (!ttl.ok) return ttl
  const description = checkDescription(fields.description)
  if (!description.ok) return description
  const labels = checkLabels(fields.labels)
  if (!labels.ok) return labels
  const problem = rdataProblem(rrtype, values.value)
  if (problem !== undefined) return { ok: false, detail: problem }
  return {
    ok: true,
    value: { ttl: ttl.value, rdata: values.value, description: description.value, labels: labels.value }
  }
}

/** postRecord's body: `name`, `rrtype`, `rdata` required; `ttl`, `description`, `labels` optional. */
export const checkNewRecord = (body: unknown, zone: string): Checked<DpfRecordBody> => {
  if (!isObject(body)) return schema()
  const { name, rrtype } = body
  if (typeof name !== "string" || name.length < 1 || name.length > 255) return schema()
  if (typeof rrtype !== "string" || !(dpfRecordTypes as ReadonlyArray<string>).includes(rrtype))
    return schema()
  // Content first, then the name (the order of IIJ's checks is unconfirmed).
  const { ttl, rdata, description, labels } = body
  const content = checkContent(rrtype, { ttl, rdata, description, labels })
  if (!content.ok) return content
  const listedName = dpfRecordName(name, zone)
  if (listedName === undefined) return fail("invalid", "name")
  return { ok: true, value: { name: listedName, rrtype, ...content.value } }
}

/** patchRecord's body: any of `ttl`, `rdata`, `description`, `labels`, applied over `current`. */
export const checkRecordPatch = (body: unknown, current: DpfRecordBody): Checked<DpfRecordBody> => {
  if (!isObject(body)) return schema()
  const given = (field: string, fallback: unknown) => (field in body ? body[field] : fallback)
  const content = checkContent(current.rrtype, {
    ttl: given("ttl", current.ttl),
    rdata: given(
      "rdata",
      current.rdata.map((value) => ({ value }))
    ),
    description: given("description", current.description),
    labels: given("labels", current.labels)
  })
  return content.ok ? { ok: true, value: { ...current, ...content.value } } : content
}
