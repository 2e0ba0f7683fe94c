import { afterEach, describe, expect, it } from "vitest"
import { type DpfSimulatorHandle, dpfWireFacts, faults, startDpfSimulator } from "../src/index.js"

// The simulator against the literal facts table (dpfWireFacts), which @faultline/dpf's contract tests
// check too: every endpoint answers its documented success status, and every documented error
// envelope and job field is what the simulator serves.

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const send = async (sim: DpfSimulatorHandle, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sim.token}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {})
  })
  return { status: response.status, json: (await response.json()) as any }
}

describe("DPF-API wire facts, served", () => {
  it("pins the literal facts of the document", () => {
    expect(dpfWireFacts.baseUrl.value).toBe("https://api.dns-platform.jp/dpf/v1")
    expect(dpfWireFacts.endpoints.map((e) => `${e.method} ${e.path} ${e.success}`)).toEqual([
      "GET /zones 200",
      "GET /zones/count 200",
      "GET /zones/{ZoneId} 200",
      "GET /zones/{ZoneId}/records 200",
      "GET /zones/{ZoneId}/records/count 200",
      "GET /zones/{ZoneId}/records/currents 200",
      "GET /zones/{ZoneId}/records/currents/count 200",
      "GET /zones/{ZoneId}/records/{RecordId} 200",
      "POST /zones/{ZoneId}/records 202",
      "PATCH /zones/{ZoneId}/records/{RecordId} 202",
      "DELETE /zones/{ZoneId}/records/{RecordId} 202",
      "DELETE /zones/{ZoneId}/records/{RecordId}/changes 202",
      "PATCH /zones/{ZoneId}/changes 202",
      "DELETE /zones/{ZoneId}/changes 202",
      "GET /jobs/{RequestId} 200",
      "GET /ping 200"
    ])
    expect(dpfWireFacts.jobs.statuses).toEqual(["RUNNING", "SUCCESSFUL", "FAILED"])
    expect(dpfWireFacts.records.states).toEqual([0, 1, 2, 3, 5])
    expect(dpfWireFacts.zones.states).toEqual([1, 2])
    expect(dpfWireFacts.commonStatuses).toEqual([400, 404, 406, 429, 500, 503, 504])
    expect(dpfWireFacts.paging.limit).toEqual({ default: 100, min: 1, max: 10_000 })
    expect(dpfWireFacts.paging.offset).toEqual({ default: 0, min: 0, max: 10_000_000 })
    expect(dpfWireFacts.auth.invalidToken).toEqual({
      status: 400,
      error_type: "ParameterError",
      code: "invalid",
      attribute: "access_token"
    })
  })

  it("serves every endpoint of the table with its success status and fields", async () => {
    const sim = await startDpfSimulator()
    open.push(sim)
    const zone = sim.zones[0]?.id ?? ""
    const add = await send(sim, "POST", `/zones/${zone}/records`, dpfWireFacts.records.addExample)
    expect(add.status).toBe(202)
    expect(Object.keys(add.json)).toEqual(dpfWireFacts.jobs.accepted.fields)
    const job = await send(sim, "GET", `/jobs/${add.json.request_id}`)
    expect(job.json.status).toBe("SUCCESSFUL")
    expect(job.json[dpfWireFacts.jobs.successfulField]).toEqual(expect.any(String))
    const record = job.json.resources_url.split("/").pop()
    // Applied, so dropping a later change keeps the record.
    await send(sim, "PATCH", `/zones/${zone}/changes`, {})
    const ids = { ZoneId: zone, RecordId: record, RequestId: add.json.request_id }
    const bodies: Record<string, unknown> = {
      updateRecord: { rdata: [{ value: '"other"' }] },
      applyChanges: { description: "ACME" }
    }
    // Writes on the record last, so the reads find it.
    const order = ["cancelRecordChange", "updateRecord", "discardChanges", "applyChanges", "deleteRecord"]
    const endpoints = [...dpfWireFacts.endpoints].sort(
      (a, b) => order.indexOf(a.name) - order.indexOf(b.name)
    )
    for (const endpoint of endpoints) {
      const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name])
      if (endpoint.name === "addRecord") continue
      if (endpoint.name === "discardChanges" || endpoint.name === "cancelRecordChange") {
        // Give them a pending change to drop.
        await send(sim, "PATCH", `/zones/${zone}/records/${record}`, { description: "pending" })
      }
      const answer = await send(sim, endpoint.method, path, bodies[endpoint.name])
      expect([endpoint.name, answer.status]).toEqual([endpoint.name, endpoint.success])
      expect(answer.json.request_id).toMatch(/^[0-9a-f]{32}$/)
      if (endpoint.success === 202) {
        expect(answer.json.jobs_url).toBe(`${sim.url}/jobs/${answer.json.request_id}`)
        expect((await send(sim, "GET", `/jobs/${answer.json.request_id}`)).json.status).toBe("SUCCESSFUL")
      }
    }
    const listed = await send(sim, "GET", `/zones/${zone}/records`)
    for (const item of listed.json.results) expect(Object.keys(item)).toEqual(dpfWireFacts.records.fields)
    expect(Object.keys(listed.json.results[0] ?? {})).toEqual(dpfWireFacts.records.fields)
    const zones = await send(sim, "GET", "/zones")
    expect(Object.keys(zones.json.results[0])).toEqual(dpfWireFacts.zones.fields)
    expect(zones.json.results[0].id).toHaveLength(dpfWireFacts.zones.idLength)
    expect(zones.json.results[0].service_code).toHaveLength(dpfWireFacts.zones.serviceCodeLength)
    expect(record).toHaveLength(dpfWireFacts.records.idLength)
  })

  it("answers each documented error type, by fault, with the documented status and envelope", async () => {
    const sim = await startDpfSimulator()
    open.push(sim)
    for (const type of dpfWireFacts.errors.types.filter((t) => !t.details)) {
      const code = type.error_type
      if (type.status === 400) continue // the bare ParameterError is the JSON-parse error, served for real
      sim.inject(faults.error(code))
      const answer = await send(sim, "GET", "/ping")
      expect(answer.status).toBe(type.status)
      expect(answer.json).toMatchObject({ error_type: code, error_message: type.error_message })
      expect(answer.json.request_id).toHaveLength(dpfWireFacts.errors.idLength)
    }
  })

  it("a FAILED job carries only error_type and error_message besides request_id and status", async () => {
    const sim = await startDpfSimulator()
    open.push(sim)
    sim.failNextJob()
    const apply = await send(sim, "PATCH", `/zones/${sim.zones[0]?.id}/changes`, {})
    const job = await send(sim, "GET", `/jobs/${apply.json.request_id}`)
    expect(job.json).toEqual({
      request_id: apply.json.request_id,
      status: "FAILED",
      ...dpfWireFacts.jobs.failedExample
    })
  })
})
