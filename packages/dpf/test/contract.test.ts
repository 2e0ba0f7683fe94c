import { dpfErrorBody, dpfWireFacts } from "@faultline/testing"
import * as Option from "effect/Option"
import { describe, expect, it } from "vitest"
import { catalogue } from "../src/catalogue.js"
import { authorizationHeader, decodeError, dpfDefaults, requestIdOf } from "../src/index.js"
import { decodeAccepted, decodeJob } from "../src/models.js"
import { useSimulated } from "./simulated.js"

// The wire facts of CONTRACT.md as @faultline/testing's `dpfWireFacts` states them, with their
// sources: what the client sends (recorded by the t.simulator over loopback) and what it reads.

const t = useSimulated()
const zoneId = () => t.simulator.zoneId("example.jp") ?? ""

describe("DPF-API wire contract: the client", () => {
  it("defaults to the documented base URL and sends the bearer token in Authorization", async () => {
    expect(dpfDefaults.baseUrl).toBe(dpfWireFacts.baseUrl.value)
    expect(authorizationHeader).toBe(dpfWireFacts.auth.header.toLowerCase())
    const before = t.simulator.requests.length
    await t.dpf.run(t.dpf.client.listZones())
    const [request] = t.simulator.requests.slice(before)
    // The t.simulator accepts `Bearer <token>` only (dpfWireFacts.auth.scheme).
    expect(request?.authenticated).toBe(true)
    expect(request?.headers[authorizationHeader]).toBe("[redacted]")
  })

  it("sends each endpoint it uses with the documented method and path", async () => {
    const zone = zoneId()
    const { recordId = "", jobId = "" } = await t.dpf.run(
      t.dpf.client.addRecord(zone, { name: "_dnsauth.contract.example.jp", rrtype: "TXT", rdata: ["v"] })
    )
    await t.dpf.run(t.dpf.client.applyChanges(zone))
    await t.dpf.run(t.dpf.client.updateRecord(zone, recordId, ['"w"']))
    await t.dpf.run(t.dpf.client.applyChanges(zone))
    await t.dpf.run(t.dpf.client.deleteRecord(zone, recordId))
    await t.dpf.run(t.dpf.client.listCurrentRecords(zone))
    await t.dpf.run(t.dpf.client.listRecords(zone))
    await t.dpf.run(t.dpf.client.getRecord(zone, recordId))
    await t.dpf.run(t.dpf.client.getZone(zone))
    await t.dpf.run(t.dpf.client.getJob(jobId))
    await t.dpf.run(t.dpf.client.listZones())
    const unused = [
      "countZones",
      "countRecords",
      "countCurrentRecords",
      "cancelRecordChange",
      "discardChanges",
      "ping"
    ]
    const ids = { ZoneId: zone, RecordId: recordId, RequestId: jobId }
    for (const endpoint of dpfWireFacts.endpoints) {
      if (unused.includes(endpoint.name)) continue
      const path = `/dpf/v1${endpoint.path.replace(/\{(\w+)\}/g, (_, id: keyof typeof ids) => ids[id])}`
      const seen = t.simulator.requests.some((r) => r.method === endpoint.method && r.path === path)
      expect(seen, `${endpoint.method} ${endpoint.path}`).toBe(true)
    }
  })

  it("adds a record as the document's example: absolute name with the final dot, TXT quoted", async () => {
    const { name, ttl, rrtype, description } = dpfWireFacts.records.addExample
    const before = t.simulator.requests.length
    await t.dpf.run(t.dpf.client.addRecord(zoneId(), { name, ttl, rrtype, description, rdata: ["token"] }))
    const post = t.simulator.requests.slice(before).find((r) => r.method === "POST")
    expect(JSON.parse(post?.body ?? "{}")).toEqual(dpfWireFacts.records.addExample)
    expect(post?.headers["content-type"]).toMatch(/^application\/json/)
  })

  it("applies with the documented body field, and pages within the documented bounds", async () => {
    const before = t.simulator.requests.length
    await t.dpf.run(t.dpf.client.applyChanges(zoneId(), "ACME"))
    await t.dpf.run(t.dpf.client.listRecords(zoneId(), { name: "_dnsauth.example.jp", rrtype: "TXT" }))
    const [apply, list] = t.simulator.requests
      .slice(before)
      .filter((r) => r.method !== "GET" || r.path.endsWith("/records"))
    expect(Object.keys(JSON.parse(apply?.body ?? "{}"))).toEqual([dpfWireFacts.apply.bodyField])
    const query = new URLSearchParams(list?.query)
    expect(Number(query.get("limit"))).toBeLessThanOrEqual(dpfWireFacts.paging.limit.max)
    expect(Number(query.get("offset"))).toBeGreaterThanOrEqual(dpfWireFacts.paging.offset.min)
    expect(query.get("_keywords_rrtype[]")).toBe("TXT")
  })
})

describe("DPF-API wire contract: what the client reads", () => {
  it.each(dpfWireFacts.errors.types.map((t) => [`${t.status} ${t.error_type}`, t] as const))(
    "%s decodes to a documented reason",
    (_, type) => {
      const details = type.details ? [{ code: "invalid", attribute: "schema" }] : undefined
      const error = decodeError({
        status: type.status,
        body: dpfErrorBody(type.error_type, type.error_message, { details })
      })
      expect(error?.reason._tag).not.toBe("Unrecognized")
      expect(error?.upstreamStatus).toBe(type.status)
    }
  )

  it("reads request_id of exactly 32 characters, the 202's job and each job status", () => {
    const id = "a".repeat(dpfWireFacts.errors.idLength)
    expect(requestIdOf({ request_id: id })).toBe(id)
    expect(requestIdOf({ request_id: `${id}a` })).toBeUndefined()
    expect(dpfWireFacts.jobs.accepted.fields).toContain("request_id")
    expect(
      Option.getOrUndefined(decodeAccepted({ request_id: id, jobs_url: "https://elsewhere.invalid/x" }))
    ).toBe(id)
    for (const status of dpfWireFacts.jobs.statuses) {
      expect(Option.getOrUndefined(decodeJob({ request_id: id, status }))?.status).toBe(status)
    }
  })

  it("every detail the document gives an endpoint it uses has a reason", () => {
    const documented = new Set(
      dpfWireFacts.endpoints.flatMap((e) => e.details.map((d) => d.replace("/", ":")))
    )
    const known = new Set(catalogue.flatMap((row) => ("details" in row ? row.details : [])))
    expect([...documented].filter((d) => !known.has(d))).toEqual([])
  })
})
