import { randomBytes } from "node:crypto"
import { doApiErrorBody } from "./doApiFixtures.js"
import { listedOwner, listedRData, txtValue } from "./doApiListing.js"
import { defaultTtl, ownerName, type RecordInput, recordTypes, validateRecord } from "./doApiRecords.js"
import { type DoApiCredentials, verifyDoApiSignature } from "./doApiSignature.js"
import { jsonReply, type Reply, statusOnly } from "./Reply.js"
import type { SimRequest } from "./server.js"

// The DO-API behaviour under /r/20140601/<serviceCode>/: signed requests, zones and records in
// memory with pending and committed state, and a commit that takes time.

export const apiVersion = "20140601"

/**
 * A record as DO-API lists it (`records/DETAIL`, `record/<id>`): Owner and RData in IIJ's listed form
 * (see doApiListing.ts), not as sent. Status is one of iij/doapi's words: `UNCHANGED` (committed),
 * `ADDING`, `DELETING` (pending until the commit ends); `DELETED` is never shown by the simulator.
 */
export interface SimulatedRecord {
  readonly Id: string
  readonly Status: "UNCHANGED" | "ADDING" | "DELETING"
  readonly Owner: string
  readonly TTL: string
  readonly RecordType: string
  readonly RData: string
  readonly Description?: string
}

interface Entry {
  readonly id: string
  readonly zone: string
  /** The record as listed, not as sent. */
  readonly listed: RecordInput
  committed: boolean
  deleting: boolean
}

export interface DoApiState {
  readonly credentials: ReadonlyArray<DoApiCredentials>
  /** The account's service codes, each with its zones (a zone belongs to one service). */
  readonly services: ReadonlyArray<{ readonly serviceCode: string; readonly zones: ReadonlyArray<string> }>
  readonly commitMillis: number
  readonly now: () => number
}

/** DO-API's RequestId form: five groups of eight hex digits. */
export const newRequestId = () => (randomBytes(20).toString("hex").match(/.{8}/g) ?? []).join("-")

export const doApiError = (status: number, type: string, message: string, detail?: unknown): Reply => ({
  status,
  headers: { "content-type": "application/json" },
  body: doApiErrorBody(type, message, newRequestId(), detail)
})

const invalidParameters = () => doApiError(400, "ParameterError", "There are invalid parameters.")
const requestRunning = () => doApiError(200, "RequestRunning", "Other request running.")
const notExist = () => doApiError(200, "ResourceNotExist", "The specified resource does not exist.")

// Each top-level key once: JSON.parse would silently keep the last of a duplicated one.
const hasDuplicateKeys = (text: string, value: Record<string, unknown>) =>
  Object.keys(value).some(
    (key) => (text.match(new RegExp(`"${key.replace(/[^A-Za-z0-9]/g, "\\$&")}"\\s*:`, "g")) ?? []).length > 1
  )

export const makeDoApiApi = (config: DoApiState) => {
  const entries = new Map<string, Entry>()
  let nextId = 10_000
  // A commit runs per service code, on that service's zones.
  const commitUntil = new Map<string, number>()
  const serviceOf = (code: string) => config.services.find((s) => s.serviceCode === code)

  // A commit finishes lazily, when a request or a lookup first sees the clock past its end.
  const settle = () => {
    for (const [code, until] of [...commitUntil]) {
      if (config.now() < until) continue
      commitUntil.delete(code)
      const zones = serviceOf(code)?.zones ?? []
      for (const entry of [...entries.values()]) {
        if (!zones.includes(entry.zone)) continue
        if (entry.deleting) entries.delete(entry.id)
        else entry.committed = true
      }
    }
  }
  const committing = (code: string) => {
    settle()
    return commitUntil.has(code)
  }

  const view = (entry: Entry): SimulatedRecord => ({
    Id: entry.id,
    Status: entry.deleting ? "DELETING" : entry.committed ? "UNCHANGED" : "ADDING",
    Owner: entry.listed.Owner,
    TTL: entry.listed.TTL,
    RecordType: entry.listed.RecordType,
    RData: entry.listed.RData,
    ...(entry.listed.Description !== undefined ? { Description: entry.listed.Description } : {})
  })

  const recordsOf = (zone: string) => [...entries.values()].filter((e) => e.zone === zone).map(view)

  const addRecord = (code: string, zone: string, body: string): Reply => {
    if (committing(code)) return requestRunning()
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return invalidParameters()
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return invalidParameters()
    const fields = parsed as Record<string, unknown>
    if (hasDuplicateKeys(body, fields))
      return doApiError(400, "ParameterError", "Duplicated parameter found.")
    const { Owner, TTL, RecordType, RData, Description } = fields
    const ttl = TTL === undefined ? defaultTtl : typeof TTL === "number" ? String(TTL) : TTL
    if (
      typeof Owner !== "string" ||
      typeof ttl !== "string" ||
      typeof RecordType !== "string" ||
      !recordTypes.includes(RecordType) ||
      typeof RData !== "string" ||
      (Description !== undefined && typeof Description !== "string")
    ) {
      return invalidParameters()
    }
    const input: RecordInput = {
      Owner,
      TTL: ttl,
      RecordType,
      RData,
      ...(Description !== undefined ? { Description } : {})
    }
    const errors = validateRecord(input, zone)
    if (errors.length > 0) {
      return doApiError(200, "RecordValidateError", "Record validation failed.", { ErrorList: errors })
    }
    // Stored as IIJ lists it: what a client reads back after a lost answer.
    const listed: RecordInput = {
      ...input,
      Owner: listedOwner(Owner, zone),
      RData: listedRData(RecordType, RData, zone)
    }
    const entry: Entry = { id: String(++nextId), zone, listed, committed: false, deleting: false }
    entries.set(entry.id, entry)
    return jsonReply(200, { RequestId: newRequestId(), Record: view(entry) })
  }

  const deleteRecord = (code: string, zone: string, id: string): Reply => {
    if (committing(code)) return requestRunning()
    const entry = entries.get(id)
    if (entry === undefined || entry.zone !== zone || entry.deleting) return notExist()
    // An uncommitted addition just disappears; a committed record waits for the commit.
    if (!entry.committed) entries.delete(id)
    else entry.deleting = true
    return jsonReply(200, { RequestId: newRequestId() })
  }

  const commit = (code: string): Reply => {
    if (committing(code)) return requestRunning()
    commitUntil.set(code, config.now() + config.commitMillis)
    settle()
    return jsonReply(200, { RequestId: newRequestId() })
  }

  const segmentOf = (raw: string): string | undefined => {
    try {
      return decodeURIComponent(raw)
    } catch {
      return undefined
    }
  }

  // The route of a request, or undefined for a status-only 404.
  const route = (method: string, path: string, body: string): (() => Reply) | undefined => {
    const prefix = `/r/${apiVersion}/`
    if (!path.startsWith(prefix) || !path.endsWith(".json")) return undefined
    const raw = path.slice(prefix.length, -".json".length).split("/")
    const segments = raw.map(segmentOf)
    if (segments.some((s) => s === undefined || s === "")) return undefined
    const [service = "", ...rest] = segments as Array<string>
    const zones = serviceOf(service)?.zones
    const known = zones !== undefined
    const zoneKnown = (zone: string) => zones?.some((z) => z.toLowerCase() === zone.toLowerCase()) ?? false
    const zoneName = (zone: string) => zones?.find((z) => z.toLowerCase() === zone.toLowerCase()) ?? zone
    const [a = "", b, c = ""] = rest
    if (rest.length === 1 && a === "zones" && method === "GET") {
      return () => (known ? jsonReply(200, { RequestId: newRequestId(), ZoneList: zones }) : notExist())
    }
    if (rest.length === 1 && a === "commit" && method === "PUT")
      return () => (known ? commit(service) : notExist())
    if (rest.length === 3 && b === "records" && c === "DETAIL" && method === "GET") {
      return () =>
        zoneKnown(a)
          ? jsonReply(200, {
              RequestId: newRequestId(),
              RecordList: recordsOf(zoneName(a)),
              // iij/doapi reads a second list beside RecordList; the simulator has no static records.
              StaticRecordList: []
            })
          : notExist()
    }
    if (rest.length === 2 && b === "record" && method === "POST") {
      return () => (zoneKnown(a) ? addRecord(service, zoneName(a), body) : notExist())
    }
    if (rest.length === 3 && b === "record" && (method === "GET" || method === "DELETE")) {
      return () => {
        if (!zoneKnown(a)) return notExist()
        if (method === "DELETE") return deleteRecord(service, zoneName(a), c)
        const entry = entries.get(c)
        return entry === undefined || entry.zone !== zoneName(a)
          ? notExist()
          : jsonReply(200, { RequestId: newRequestId(), Record: view(entry) })
      }
    }
    return undefined
  }
  const handle = (request: SimRequest): Reply => {
    if (request.httpVersion !== "1.1") return statusOnly(505)
    const action = route(request.method, request.path, request.body)
    if (action === undefined) return statusOnly(404)
    const refused = verifyDoApiSignature(request, config.credentials, config.now())
    if (refused !== undefined) return doApiError(refused.status, refused.type, refused.message)
    settle()
    return action()
  }

  /** The committed TXT values at `name` (records being deleted stay visible until the commit ends). */
  const resolveTxt = (name: string): ReadonlyArray<string> => {
    settle()
    const wanted = name.toLowerCase().replace(/\.$/, "")
    return [...entries.values()]
      .filter(
        (e) => e.committed && e.listed.RecordType === "TXT" && ownerName(e.listed.Owner, e.zone) === wanted
      )
      .map((e) => txtValue(e.listed.RData))
  }

  return { handle, resolveTxt, records: recordsOf }
}
