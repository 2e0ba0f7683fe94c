// How DO-API lists a record it was sent (`records/DETAIL`, `record/<id>`, the POST answer). This is
// the simulator's own reading of IIJ's listing, written apart from @faultline/do-api's comparison so
// that a wrong assumption in either shows up in the other's tests (see packages/do-api/CONTRACT.md):
// - Owner relative to the zone, `@` for the apex, no final dot (iij/doapi's ResourceRecord.FQDN
//   appends the zone; go-acme/lego's IIJ provider finds its record by the relative owner).
// - Names inside RData absolute without the final dot, a relative name completed with the zone.
// - TXT data quoted (lego sends the value bare and finds it quoted).
// Not documented (the simulator's choice): label case is kept as sent; runs of blanks between the
// fields of MX, SRV, CAA, TLSA and DS become one space; TXT sent already quoted is kept as sent.

/** The record types whose whole RData is one domain name. */
const nameTypes = new Set(["CNAME", "NS", "PTR", "APEX"])

const withoutDot = (name: string) => (name.endsWith(".") ? name.slice(0, -1) : name)

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** The owner as listed: relative to `zone`, `@` for the apex. */
export const listedOwner = (owner: string, zone: string): string => {
  const name = owner.trim()
  if (name === "@" || !name.endsWith(".")) return name
  const full = withoutDot(name)
  const origin = withoutDot(zone)
  if (sameName(full, origin)) return "@"
  const suffix = `.${origin}`
  return full.length > suffix.length && sameName(full.slice(-suffix.length), suffix)
    ? full.slice(0, -suffix.length)
    : full
}

/** A domain name inside RData as listed: absolute, no final dot. */
const listedTarget = (name: string, zone: string): string => {
  const origin = withoutDot(zone)
  if (name === "@") return origin
  if (name.endsWith(".")) return withoutDot(name)
  return `${name}.${origin}`
}

const fields = (rdata: string) => rdata.trim().split(/\s+/)

const quoteTxt = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`

/** The RData as listed for a record of `recordType` in `zone`. */
export const listedRData = (recordType: string, rdata: string, zone: string): string => {
  const type = recordType.toUpperCase()
  if (nameTypes.has(type)) return listedTarget(rdata.trim(), zone)
  if (type === "MX") {
    const [preference = "", exchange = ""] = fields(rdata)
    return `${preference} ${listedTarget(exchange, zone)}`
  }
  if (type === "SRV") {
    const [priority = "", weight = "", port = "", target = ""] = fields(rdata)
    return `${priority} ${weight} ${port} ${listedTarget(target, zone)}`
  }
  if (type === "TXT") {
    const trimmed = rdata.trim()
    return trimmed.startsWith('"') ? trimmed : quoteTxt(rdata)
  }
  if (type === "CAA" || type === "TLSA" || type === "DS") return fields(rdata).join(" ")
  return rdata.trim()
}

/** The character-strings of a listed TXT RData, joined (what a resolver hands to a DCV check). */
export const txtValue = (listed: string): string => {
  const strings = listed.match(/"((?:[^"\\]|\\.)*)"/g)
  return strings === null
    ? listed.trim()
    : strings.map((s) => s.slice(1, -1).replace(/\\(.)/g, "$1")).join("")
}

/** A record sent to POST record (`Owner`, `RecordType`, `RData`) as DO-API lists it in `zone`. */
export const doApiListedForm = (
  sent: { readonly Owner: string; readonly RecordType: string; readonly RData: string },
  zone: string
): { readonly Owner: string; readonly RData: string } => ({
  Owner: listedOwner(sent.Owner, zone),
  RData: listedRData(sent.RecordType, sent.RData, zone)
})
