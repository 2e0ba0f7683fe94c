import { randomBytes } from "node:crypto"
import { txtValue } from "./doApiListing.js"
import { type DpfErrorDetail, dpfErrorBody, dpfMessages } from "./dpfFixtures.js"
import { dpfQuery, type DpfQuery } from "./dpfQuery.js"
import { type Checked, checkNewRecord, checkRecordPatch, type DpfRecordBody } from "./dpfRecords.js"
import { jsonReply, type Reply } from "./Reply.js"
import type { SimRequest } from "./server.js"

// DPF-API's DNS side under /dpf/v1 (iij/dpf-oapi-docs swagger.json, commit 6685b911): zones, records
// with their edit states, asynchronous changes as jobs, and applying the pending changes. Sources per
// behaviour are in packages/dpf/CONTRACT.md; "unconfirmed" marks the simulator's own choices.

export const dpfBasePath = "/dpf/v1"

/** A zone of the contract (getZone's `result`). */
export interface DpfZone {
  /** 14 characters (schema: minLength = maxLength = 14). */
  readonly id: string
  /** Absolute, with the final dot (getZoneList example `name1.example.com.`). */
  readonly name: string
  /** 11 characters (schema), `dpm` + 8 digits here (lego's iijdpf names it DPM_SERVICE_CODE). */
  readonly serviceCode: string
}

/**
 * A record as getRecordList lists it. `state` (tag `records`): 0 applied, 1 to be added, 2 to be
 * deleted, 3 to be updated; 5 (before the update) only appears in records/diffs, not simulated.
 */
export interface DpfListedRecord {
  readonly id: string
  readonly name: string
  readonly ttl: number | null
  readonly rrtype: string
  readonly rdata: ReadonlyArray<{ readonly value: string }>
  readonly labels: Readonly<Record<string, string>>
  readonly state: 0 | 1 | 2 | 3
  readonly description: string
  readonly operator: string | null
}

/** A job as GET jobs/{RequestId} answers it (schema GetJobs). */
export interface DpfJobView {
  readonly request_id: string
  readonly status: "RUNNING" | "SUCCESSFUL" | "FAILED"
  readonly resources_url?: string
  readonly error_type?: string
  readonly error_message?: string
}

/** What a FAILED job carries unless `failNextJob` says otherwise: getJob's GetJobsFailed example. */
export const dpfJobFailedDefault = { errorType: "Bad Request", errorMessage: "There are invalid parameters" }

interface Entry {
  readonly id: string
  readonly zoneId: string
  /** The version on the authoritative servers (records/currents); undefined until applied. */
  applied: DpfRecordBody | undefined
  /** The pending edit: a new body (add or update), or a deletion. */
  edit: DpfRecordBody | "deleted" | undefined
  operator: string | null
  /** The job that has a change of this record under way. */
  lockedBy: string | undefined
}

interface Job {
  readonly requestId: string
  readonly acceptedAt: number
  polls: number
  view: DpfJobView
  readonly failure: { readonly errorType: string; readonly errorMessage: string } | undefined
  /** Makes the change; returns the resource path for `resources_url`. */
  readonly run: () => string
  /** Releases what acceptance reserved (record locks, name reservations), success or not. */
  readonly release: () => void
}

export interface DpfState {
  readonly tokens: ReadonlyArray<string>
  readonly zones: ReadonlyArray<DpfZone>
  readonly jobMillis: number
  readonly jobRunningPolls: number
  readonly now: () => number
  /** The simulator's base URL (origin + /dpf/v1), known once it listens. */
  readonly baseUrl: () => string
}

/** A request_id: 32 characters (schema RequestId); lower-case hex like the document's examples. */
export const newDpfRequestId = () => randomBytes(16).toString("hex")

/** The operator the simulator writes on records it changed (the format of IIJ's is unconfirmed). */
export const dpfSimulatorOperator = "SIMULATOR"

export const dpfError = (
  status: number,
  type: string,
  message: string,
  extra: { readonly details?: ReadonlyArray<DpfErrorDetail>; readonly blockId?: string } = {}
): Reply => ({
  status,
  headers: { "content-type": "application/json; charset=utf-8" },
  body: dpfErrorBody(type, message, { requestId: newDpfRequestId(), ...extra })
})

export const dpfParameterError = (detail: DpfErrorDetail): Reply =>
  dpfError(400, "ParameterError", dpfMessages.invalidParameters, { details: [detail] })
const jsonParseError = () => dpfError(400, "ParameterError", dpfMessages.jsonParse)
export const dpfNotFound = () => dpfError(404, "NotFound", dpfMessages.notFound)
const invalid = (code: string, attribute: string) => dpfParameterError({ code, attribute })

const ok = (value: Record<string, unknown>) => jsonReply(200, { request_id: newDpfRequestId(), ...value })

const sameName = (a: string, b: string) =>
  a.toLowerCase().replace(/\.$/, "") === b.toLowerCase().replace(/\.$/, "")

/** The bearer token of `Authorization: Bearer <token>` (section 2.1), or undefined. */
const bearer = (request: SimRequest): string | undefined => {
  const header = request.headers.authorization
  const match = typeof header === "string" ? /^Bearer +(\S+)$/i.exec(header) : null
  return match?.[1]
}

export const dpfAuthenticated = (request: SimRequest, tokens: ReadonlyArray<string>): boolean => {
  const token = bearer(request)
  return token !== undefined && tokens.includes(token)
}

export const makeDpfApi = (config: DpfState) => {
  const entries = new Map<string, Entry>()
  const jobs = new Map<string, Job>()
  /** `zoneId|name|rrtype` of adds accepted but not done: a second add of the same is `duplicated`. */
  const reserved = new Set<string>()
  const failures: Array<{ readonly errorType: string; readonly errorMessage: string }> = []
  let nextRecord = 0
  const recordId = () => `r${String(++nextRecord).padStart(13, "0")}`
  const key = (zoneId: string, name: string, rrtype: string) => `${zoneId}|${name}|${rrtype}`

  // Each zone starts with its SOA and apex NS records, applied, as getRecordList's example lists them
  // (values are the simulator's own).
  for (const zone of config.zones) {
    const seed = (rrtype: string, rdata: ReadonlyArray<string>) => {
      const id = recordId()
      const body: DpfRecordBody = { name: zone.name, ttl: null, rrtype, rdata, description: "", labels: {} }
      entries.set(id, {
        id,
        zoneId: zone.id,
        applied: body,
        edit: undefined,
        operator: null,
        lockedBy: undefined
      })
    }
    seed("SOA", ["ns1.dpf-sim.invalid. hostmaster.dpf-sim.invalid. 1 3600 600 604800 300"])
    seed("NS", ["ns1.dpf-sim.invalid.", "ns2.dpf-sim.invalid."])
  }

  const zoneById = (id: string) => config.zones.find((z) => z.id === id)
  const zoneEntries = (zoneId: string) => [...entries.values()].filter((e) => e.zoneId === zoneId)

  // A job completes lazily, when a request or a handle lookup first finds its time passed and its
  // RUNNING polls answered (both deterministic: the injected clock and a count).
  const settle = () => {
    for (const job of jobs.values()) {
      if (job.view.status !== "RUNNING") continue
      if (config.now() < job.acceptedAt + config.jobMillis || job.polls < config.jobRunningPolls) continue
      job.release()
      if (job.failure !== undefined) {
        job.view = {
          request_id: job.requestId,
          status: "FAILED",
          error_type: job.failure.errorType,
          error_message: job.failure.errorMessage
        }
        continue
      }
      const path = job.run()
      job.view = {
        request_id: job.requestId,
        status: "SUCCESSFUL",
        resources_url: `${config.baseUrl()}${path}`
      }
    }
  }

  /** Accepts an asynchronous request: 202 `{ request_id, jobs_url }` (components.responses.Accepted). */
  const accept = (run: () => string, release: () => void = () => {}): Reply => {
    const requestId = newDpfRequestId()
    jobs.set(requestId, {
      requestId,
      acceptedAt: config.now(),
      polls: 0,
      view: { request_id: requestId, status: "RUNNING" },
      failure: failures.shift(),
      run,
      release
    })
    settle()
    return jsonReply(202, { request_id: requestId, jobs_url: `${config.baseUrl()}/jobs/${requestId}` })
  }

  const stateOf = (entry: Entry): DpfListedRecord["state"] =>
    entry.edit === undefined ? 0 : entry.applied === undefined ? 1 : entry.edit === "deleted" ? 2 : 3

  const listed = (
    id: string,
    body: DpfRecordBody,
    state: DpfListedRecord["state"],
    operator: string | null
  ) => ({
    id,
    name: body.name,
    ttl: body.ttl,
    rrtype: body.rrtype,
    rdata: body.rdata.map((value) => ({ value })),
    labels: body.labels,
    state,
    description: body.description,
    operator
  })

  /** getRecordList's view: the edited version of every record, with its state. */
  const editingView = (entry: Entry): DpfListedRecord | undefined => {
    const body = entry.edit === undefined || entry.edit === "deleted" ? entry.applied : entry.edit
    return body === undefined ? undefined : listed(entry.id, body, stateOf(entry), entry.operator)
  }

  const records = (zoneId: string): ReadonlyArray<DpfListedRecord> =>
    zoneEntries(zoneId).flatMap((e) => editingView(e) ?? [])

  /** getRecordCurrents' view: what the authoritative servers have (state 0, unconfirmed for the field). */
  const currents = (zoneId: string): ReadonlyArray<DpfListedRecord> =>
    zoneEntries(zoneId).flatMap((e) =>
      e.applied === undefined ? [] : [listed(e.id, e.applied, 0, e.operator)]
    )

  // Section 2.3: a body that is not JSON is 400 ParameterError "JSON parse error occurred." (an
  // empty body included: the bodies of POST and PATCH are `required`).
  const parseBody = (
    text: string
  ): { readonly ok: true; readonly value: unknown } | { readonly ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown }
    } catch {
      return { ok: false }
    }
  }

  const addRecord = (zone: DpfZone, text: string): Reply => {
    const parsed = parseBody(text)
    if (!parsed.ok) return jsonParseError()
    const checked = checkNewRecord(parsed.value, zone.name)
    if (!checked.ok) return dpfParameterError(checked.detail)
    const body = checked.value
    const live = records(zone.id).filter((r) => r.name === body.name)
    // postRecord: duplicated/record "a record of the same name and rrtype already exists"; the
    // simulator counts records in every state and adds still running (unconfirmed for those two).
    if (live.some((r) => r.rrtype === body.rrtype) || reserved.has(key(zone.id, body.name, body.rrtype))) {
      return invalid("duplicated", "record")
    }
    const cnameMix = live.some((r) => (r.rrtype === "CNAME") !== (body.rrtype === "CNAME"))
    if (cnameMix) return invalid("cname_and_other_mixed", "name")
    if (body.rrtype === "DS" && !live.some((r) => r.rrtype === "NS")) {
      return invalid("corresponding_ns_not_found", "name")
    }
    const reservation = key(zone.id, body.name, body.rrtype)
    reserved.add(reservation)
    return accept(
      () => {
        const id = recordId()
        entries.set(id, {
          id,
          zoneId: zone.id,
          applied: undefined,
          edit: body,
          operator: dpfSimulatorOperator,
          lockedBy: undefined
        })
        return `/zones/${zone.id}/records/${id}`
      },
      () => reserved.delete(reservation)
    )
  }

  /** The record for a change, or the documented refusal: not_found/record, forbidden/record. */
  const changeable = (zone: DpfZone, id: string): Entry | Reply => {
    const entry = entries.get(id)
    if (entry === undefined || entry.zoneId !== zone.id) return invalid("not_found", "record")
    // forbidden/record "check the record's state": the simulator's reading is a record already to be
    // deleted, or with another change still running (unconfirmed).
    if (entry.lockedBy !== undefined || entry.edit === "deleted") return invalid("forbidden", "record")
    return entry
  }

  // The record stays locked while its job runs (accept may complete the job at once and unlock it).
  const lock = (entry: Entry, run: () => void): Reply => {
    const path = `/zones/${entry.zoneId}/records/${entry.id}`
    entry.lockedBy = "job"
    return accept(
      () => {
        run()
        return path
      },
      () => {
        entry.lockedBy = undefined
      }
    )
  }

  const patchRecord = (zone: DpfZone, id: string, text: string): Reply => {
    const parsed = parseBody(text)
    if (!parsed.ok) return jsonParseError()
    const entry = changeable(zone, id)
    if (!("id" in entry)) return entry
    const current = entry.edit !== undefined && entry.edit !== "deleted" ? entry.edit : entry.applied
    if (current === undefined) return invalid("not_found", "record")
    if (current.rrtype === "SOA") return invalid("forbidden", "record")
    const checked = checkRecordPatch(parsed.value, current)
    if (!checked.ok) return dpfParameterError(checked.detail)
    return lock(entry, () => {
      entry.edit = checked.value
      entry.operator = dpfSimulatorOperator
    })
  }

  const deleteRecord = (zone: DpfZone, id: string): Reply => {
    const entry = changeable(zone, id)
    if (!("id" in entry)) return entry
    const body = entry.applied ?? (entry.edit as DpfRecordBody)
    if (body.rrtype === "SOA") return invalid("soa_not_found", "record")
    if (body.rrtype === "NS" && sameName(body.name, zone.name)) return invalid("apex_ns_not_found", "record")
    const named = records(zone.id).filter((r) => r.name === body.name && r.state !== 2)
    if (body.rrtype === "NS" && named.some((r) => r.rrtype === "DS")) {
      return invalid("corresponding_ns_not_found", "name")
    }
    return lock(entry, () => {
      entry.operator = dpfSimulatorOperator
      // A record never applied just goes; an applied one waits for the apply (state 2). Unconfirmed
      // for the never-applied one.
      if (entry.applied === undefined) entries.delete(entry.id)
      else entry.edit = "deleted"
    })
  }

  /** DELETE records/{RecordId}/changes: the record's pending change is dropped. */
  const cancelRecordChange = (zone: DpfZone, id: string): Reply => {
    const entry = entries.get(id)
    if (entry === undefined || entry.zoneId !== zone.id) return invalid("not_found", "record")
    if (entry.lockedBy !== undefined || entry.edit === undefined) return invalid("forbidden", "record")
    return lock(entry, () => {
      if (entry.applied === undefined) entries.delete(entry.id)
      else entry.edit = undefined
    })
  }

  /**
   * PATCH zones/{ZoneId}/changes (body `{ description? }`, at most 80 characters): the job applies
   * every change pending when it completes (unconfirmed: when at acceptance; other changes stay
   * accepted while it runs, as no "running" error is documented).
   */
  const applyChanges = (zone: DpfZone, text: string): Reply => {
    const parsed = parseBody(text)
    if (!parsed.ok) return jsonParseError()
    const body = parsed.value
    if (typeof body !== "object" || body === null || Array.isArray(body)) return invalid("invalid", "schema")
    const description = (body as { description?: unknown }).description
    if (description !== undefined && (typeof description !== "string" || description.length > 80)) {
      return invalid("invalid", "schema")
    }
    return accept(() => {
      for (const entry of zoneEntries(zone.id)) {
        if (entry.edit === "deleted") entries.delete(entry.id)
        else if (entry.edit !== undefined) {
          entry.applied = entry.edit
          entry.edit = undefined
        }
      }
      return `/zones/${zone.id}`
    })
  }

  /** DELETE zones/{ZoneId}/changes: every pending change of the zone is dropped. */
  const discardChanges = (zone: DpfZone): Reply =>
    accept(() => {
      for (const entry of zoneEntries(zone.id)) {
        if (entry.applied === undefined) entries.delete(entry.id)
        else entry.edit = undefined
      }
      return `/zones/${zone.id}`
    })

  const getJob = (requestId: string): Reply => {
    const job = jobs.get(requestId)
    if (job === undefined) return invalid("not_found", "request_id")
    if (job.view.status === "RUNNING") job.polls++
    return jsonReply(200, job.view)
  }

  const zoneView = (zone: DpfZone) => ({
    id: zone.id,
    common_config_id: 1,
    service_code: zone.serviceCode,
    state: 2,
    favorite: 1,
    name: zone.name,
    network: null,
    description: ""
  })

  const listOrCount = <A>(
    items: ReadonlyArray<A>,
    query: URLSearchParams,
    fields: Readonly<Record<string, (item: A) => ReadonlyArray<string>>>,
    count: boolean
  ): Reply => {
    const read: Checked<DpfQuery> = dpfQuery(query, Object.keys(fields))
    if (!read.ok) return dpfParameterError(read.detail)
    const { offset, limit, keywords, any } = read.value
    const hit = (item: A) => {
      const tests = keywords.map(([field, wanted]) => {
        const values = (fields[field]?.(item) ?? []).map((v) => v.toLowerCase())
        return wanted.some((w) =>
          field === "rrtype"
            ? values.includes(w.toLowerCase())
            : values.some((v) => v.includes(w.toLowerCase()))
        )
      })
      return tests.length === 0 || (any ? tests.some(Boolean) : tests.every(Boolean))
    }
    const found = items.filter(hit)
    return count
      ? ok({ result: { count: found.length } })
      : ok({ results: found.slice(offset, offset + limit) })
  }

  // The `_keywords_*[]` filters the simulator implements (getZoneList, getRecordList parameters).
  const zoneFields = {
    name: (z: ReturnType<typeof zoneView>) => [z.name],
    service_code: (z: ReturnType<typeof zoneView>) => [z.service_code]
  }
  const recordFields = {
    name: (r: DpfListedRecord) => [r.name],
    rrtype: (r: DpfListedRecord) => [r.rrtype],
    rdata: (r: DpfListedRecord) => r.rdata.map((d) => d.value),
    description: (r: DpfListedRecord) => [r.description]
  }

  const segmentOf = (raw: string): string | undefined => {
    try {
      return decodeURIComponent(raw)
    } catch {
      return undefined
    }
  }

  // The action of a request, or undefined for the documented 404 NotFound (unknown URL or method).
  const route = (request: SimRequest): (() => Reply) | undefined => {
    const { method, path, query, body } = request
    if (!path.startsWith(`${dpfBasePath}/`)) return undefined
    const segments = path
      .slice(dpfBasePath.length + 1)
      .split("/")
      .map(segmentOf)
    if (segments.some((s) => s === undefined || s === "")) return undefined
    const [a, b, c, d, e, f] = segments as Array<string>
    const n = segments.length
    const inZone = (then: (zone: DpfZone) => Reply) => () => {
      const zone = zoneById(b ?? "")
      return zone === undefined ? invalid("not_found", "zone") : then(zone)
    }
    if (a === "ping" && n === 1 && method === "GET") return () => ok({})
    if (a === "jobs" && n === 2 && method === "GET") return () => getJob(b ?? "")
    if (a !== "zones") return undefined
    if (n === 1 && method === "GET")
      return () => listOrCount(config.zones.map(zoneView), query, zoneFields, false)
    if (n === 2 && b === "count" && method === "GET") {
      return () => listOrCount(config.zones.map(zoneView), query, zoneFields, true)
    }
    if (n === 2 && method === "GET") return inZone((zone) => ok({ result: zoneView(zone) }))
    if (n === 3 && c === "changes" && method === "PATCH") return inZone((zone) => applyChanges(zone, body))
    if (n === 3 && c === "changes" && method === "DELETE") return inZone(discardChanges)
    if (c !== "records") return undefined
    if (n === 3 && method === "GET")
      return inZone((z) => listOrCount(records(z.id), query, recordFields, false))
    if (n === 3 && method === "POST") return inZone((zone) => addRecord(zone, body))
    if (n === 4 && d === "count" && method === "GET") {
      return inZone((z) => listOrCount(records(z.id), query, recordFields, true))
    }
    if (n === 4 && d === "currents" && method === "GET") {
      return inZone((z) => listOrCount(currents(z.id), query, recordFields, false))
    }
    if (n === 5 && d === "currents" && e === "count" && method === "GET") {
      return inZone((z) => listOrCount(currents(z.id), query, recordFields, true))
    }
    if (n === 4 && d !== undefined && !["count", "currents", "diffs"].includes(d)) {
      const id = d
      if (method === "GET") {
        return inZone((zone) => {
          const entry = entries.get(id)
          const view = entry !== undefined && entry.zoneId === zone.id ? editingView(entry) : undefined
          return view === undefined ? invalid("not_found", "record") : ok({ result: view })
        })
      }
      if (method === "PATCH") return inZone((zone) => patchRecord(zone, id, body))
      if (method === "DELETE") return inZone((zone) => deleteRecord(zone, id))
    }
    if (n === 5 && f === undefined && e === "changes" && method === "DELETE" && d !== undefined) {
      const id = d
      return inZone((zone) => cancelRecordChange(zone, id))
    }
    return undefined
  }

  const handle = (request: SimRequest): Reply => {
    const action = route(request)
    if (action === undefined) return dpfNotFound()
    // Section 2.3: a wrong access token is 400 ParameterError invalid/access_token (no 401 exists).
    if (!dpfAuthenticated(request, config.tokens)) return invalid("invalid", "access_token")
    settle()
    return action()
  }

  /** The applied TXT values at a full name (what the authoritative servers answer). */
  const resolveTxt = (name: string): ReadonlyArray<string> => {
    settle()
    return [...entries.values()]
      .filter((e) => e.applied?.rrtype === "TXT" && sameName(e.applied.name, name))
      .flatMap((e) => (e.applied?.rdata ?? []).map(txtValue))
  }

  const zoneOf = (zone: string) => config.zones.find((z) => z.id === zone || sameName(z.name, zone))

  return {
    handle,
    resolveTxt,
    records: (zone: string) => {
      settle()
      const found = zoneOf(zone)
      return found === undefined ? [] : records(found.id)
    },
    currents: (zone: string) => {
      settle()
      const found = zoneOf(zone)
      return found === undefined ? [] : currents(found.id)
    },
    jobs: (): ReadonlyArray<DpfJobView> => {
      settle()
      return [...jobs.values()].map((j) => j.view)
    },
    failNextJob: (failure: { readonly errorType?: string; readonly errorMessage?: string } = {}) => {
      failures.push({ ...dpfJobFailedDefault, ...failure })
    }
  }
}
