import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { DpfSimulator, type DpfSimulatorHandle, faults, startDpfSimulator } from "../src/index.js"
import { manualClock } from "./helpers.js"

// The DPF-API simulator over raw HTTP, against the facts of IIJ's OpenAPI document
// (iij/dpf-oapi-docs swagger.json @ 6685b911); see packages/dpf/CONTRACT.md.

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const start = async (options: Parameters<typeof startDpfSimulator>[0] = {}) => {
  const clock = manualClock()
  const sim = await startDpfSimulator({ now: clock.now, ...options })
  open.push(sim)
  return { sim, clock, zone: sim.zones[0]?.id ?? "" }
}

interface Call {
  readonly method?: string
  readonly body?: unknown
  readonly rawBody?: string
  readonly token?: string | null
}

const call = async (sim: DpfSimulatorHandle, path: string, options: Call = {}) => {
  const method = options.method ?? "GET"
  const token = options.token === undefined ? sim.token : options.token
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {})
    },
    ...(body !== undefined ? { body } : {})
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: response.headers.get("content-type")?.startsWith("application/json")
      ? (JSON.parse(text) as any)
      : undefined
  }
}

const txt = (name: string, value: string) => ({ name, ttl: 300, rrtype: "TXT", rdata: [{ value }] })

const requestId = /^[0-9a-f]{32}$/

/** Adds a record and waits for its job (jobMillis 0): the record's id. */
const addRecord = async (sim: DpfSimulatorHandle, zone: string, record: unknown) => {
  const accepted = await call(sim, `/zones/${zone}/records`, { method: "POST", body: record })
  expect(accepted.status).toBe(202)
  const job = await call(sim, `/jobs/${accepted.json.request_id}`)
  expect(job.json.status).toBe("SUCCESSFUL")
  return (job.json.resources_url as string).split("/").pop() ?? ""
}

const apply = async (sim: DpfSimulatorHandle, zone: string) => {
  const accepted = await call(sim, `/zones/${zone}/changes`, {
    method: "PATCH",
    body: { description: "test" }
  })
  expect(accepted.status).toBe(202)
  return (await call(sim, `/jobs/${accepted.json.request_id}`)).json
}

const detail = (answer: { json: any }) => answer.json.error_details

/** The whole documented body of a 400 ParameterError with one detail. */
const parameterError = (code: string, attribute: string) => ({
  request_id: expect.stringMatching(requestId),
  error_type: "ParameterError",
  error_message: "There are invalid parameters.",
  error_details: [{ code, attribute }]
})

describe("DPF-API access token", () => {
  it("accepts the bearer token and answers with a 32-character request_id", async () => {
    const { sim } = await start()
    const answer = await call(sim, "/ping")
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ request_id: expect.stringMatching(requestId) })
    expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8")
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/dpf\/v1$/)
  })

  it.each([
    ["a wrong token", "not-the-token"],
    ["no Authorization header", null]
  ])("answers 400 ParameterError invalid/access_token for %s (no 401)", async (_, token) => {
    const { sim } = await start()
    const answer = await call(sim, "/zones", { token })
    expect(answer.status).toBe(400)
    expect(answer.json).toEqual(parameterError("invalid", "access_token"))
    expect(sim.requests.at(-1)?.authenticated).toBe(false)
    expect(sim.requests.at(-1)?.headers.authorization ?? "[redacted]").toBe("[redacted]")
  })

  it("answers 404 NotFound with the envelope for an unknown path or method", async () => {
    const { sim, zone } = await start()
    for (const [path, method] of [
      ["/nothing", "GET"],
      ["/zones", "POST"],
      [`/zones/${zone}/records/diffs`, "PATCH"]
    ] as const) {
      const answer = await call(sim, path, { method })
      expect(answer.status).toBe(404)
      expect(answer.json).toEqual({
        request_id: expect.stringMatching(requestId),
        error_type: "NotFound",
        error_message: "Specified resource not found."
      })
    }
    const outside = await fetch(new URL("/r/20140601/zones.json", sim.url))
    expect(outside.status).toBe(404)
  })
})

describe("DPF-API zones", () => {
  it("lists, counts and gets zones; an unknown ZoneId is 400 not_found/zone", async () => {
    const { sim } = await start({ zones: ["example.jp", "Example.COM."] })
    const list = await call(sim, "/zones")
    expect(list.json.results).toEqual([
      {
        id: "m0000000000001",
        common_config_id: 1,
        service_code: "dpm00000001",
        state: 2,
        favorite: 1,
        name: "example.jp.",
        network: null,
        description: ""
      },
      expect.objectContaining({ id: "m0000000000002", name: "example.com.", service_code: "dpm00000002" })
    ])
    for (const zone of list.json.results) {
      expect(zone.id).toHaveLength(14)
      expect(zone.service_code).toHaveLength(11)
    }
    expect((await call(sim, "/zones/count")).json).toEqual({
      request_id: expect.stringMatching(requestId),
      result: { count: 2 }
    })
    const byCode = await call(sim, "/zones?_keywords_service_code[]=dpm00000002")
    expect(byCode.json.results.map((z: any) => z.name)).toEqual(["example.com."])
    const one = await call(sim, "/zones/m0000000000002")
    expect(one.json.result.name).toBe("example.com.")
    expect(sim.zoneId("EXAMPLE.com")).toBe("m0000000000002")
    const unknown = await call(sim, "/zones/m9999999999999")
    expect(unknown.status).toBe(400)
    expect(detail(unknown)).toEqual([{ code: "not_found", attribute: "zone" }])
  })

  it("pages with offset and limit (default 100, 1..10000) and refuses other values with invalid/schema", async () => {
    const { sim } = await start({ zones: ["a.example", "b.example", "c.example"] })
    const page = await call(sim, "/zones?offset=1&limit=1")
    expect(page.json.results.map((z: any) => z.name)).toEqual(["b.example."])
    expect((await call(sim, "/zones?offset=3")).json.results).toEqual([])
    expect((await call(sim, "/zones/count?limit=1")).json.result.count).toBe(3)
    for (const query of ["limit=0", "limit=10001", "offset=-1", "offset=10000001", "limit=x", "type=XOR"]) {
      const refused = await call(sim, `/zones?${query}`)
      expect(refused.status).toBe(400)
      expect(detail(refused)).toEqual([{ code: "invalid", attribute: "schema" }])
    }
    expect((await call(sim, "/zones?limit=10000&offset=10000000")).status).toBe(200)
  })
})

describe("DPF-API records and jobs", () => {
  it("starts each zone with its applied SOA and apex NS", async () => {
    const { sim, zone } = await start()
    const list = await call(sim, `/zones/${zone}/records`)
    expect(list.json.results.map((r: any) => [r.rrtype, r.name, r.state, r.ttl, r.operator])).toEqual([
      ["SOA", "example.jp.", 0, null, null],
      ["NS", "example.jp.", 0, null, null]
    ])
    expect(list.json.results[0]).toEqual({
      id: expect.stringMatching(/^.{14}$/),
      name: "example.jp.",
      ttl: null,
      rrtype: "SOA",
      rdata: [{ value: expect.any(String) }],
      labels: {},
      state: 0,
      description: "",
      operator: null
    })
  })

  it("adds a record as a job: 202 + jobs_url, then SUCCESSFUL with resources_url; state 1 until applied", async () => {
    const { sim, zone } = await start()
    const accepted = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("_acme-challenge.example.jp.", '"token-1"')
    })
    expect(accepted.status).toBe(202)
    expect(accepted.json).toEqual({
      request_id: expect.stringMatching(requestId),
      jobs_url: `${sim.url}/jobs/${accepted.json.request_id}`
    })
    const job = await call(sim, `/jobs/${accepted.json.request_id}`)
    expect(job.json).toEqual({
      request_id: accepted.json.request_id,
      status: "SUCCESSFUL",
      resources_url: expect.stringMatching(new RegExp(`^${sim.url}/zones/${zone}/records/.{14}$`))
    })
    const id = (job.json.resources_url as string).split("/").pop()
    const got = await call(sim, `/zones/${zone}/records/${id}`)
    expect(got.json.result).toMatchObject({
      id,
      name: "_acme-challenge.example.jp.",
      ttl: 300,
      rrtype: "TXT",
      rdata: [{ value: '"token-1"' }],
      state: 1
    })
    expect((await call(sim, `/zones/${zone}/records/currents`)).json.results).toHaveLength(2)
    expect(sim.resolveTxt("_acme-challenge.example.jp")).toEqual([])

    expect(await apply(sim, zone)).toMatchObject({
      status: "SUCCESSFUL",
      resources_url: `${sim.url}/zones/${zone}`
    })
    expect((await call(sim, `/zones/${zone}/records/${id}`)).json.result.state).toBe(0)
    const currents = await call(sim, `/zones/${zone}/records/currents`)
    expect(currents.json.results.map((r: any) => r.rrtype)).toEqual(["SOA", "NS", "TXT"])
    expect(sim.resolveTxt("_ACME-challenge.example.jp.")).toEqual(["token-1"])
  })

  it("keeps a job RUNNING for jobRunningPolls polls and by the injected clock for jobMillis", async () => {
    const { sim, zone } = await start({ jobRunningPolls: 2 })
    const accepted = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("a.example.jp", '"x"')
    })
    const poll = () => call(sim, `/jobs/${accepted.json.request_id}`)
    expect((await poll()).json).toEqual({ request_id: accepted.json.request_id, status: "RUNNING" })
    // The change is made when the job completes, not before.
    expect(sim.records(zone).some((r) => r.rrtype === "TXT")).toBe(false)
    expect((await poll()).json.status).toBe("RUNNING")
    expect((await poll()).json.status).toBe("SUCCESSFUL")

    const timed = await start({ jobMillis: 5_000 })
    const second = await call(timed.sim, `/zones/${timed.zone}/records`, {
      method: "POST",
      body: txt("a.example.jp", '"x"')
    })
    timed.clock.advance(4_999)
    expect((await call(timed.sim, `/jobs/${second.json.request_id}`)).json.status).toBe("RUNNING")
    timed.clock.advance(1)
    expect((await call(timed.sim, `/jobs/${second.json.request_id}`)).json.status).toBe("SUCCESSFUL")
  })

  it("ends a job FAILED with error_type and error_message when told, its change not made", async () => {
    const { sim, zone } = await start()
    sim.failNextJob()
    const accepted = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("a.example.jp", '"x"')
    })
    expect((await call(sim, `/jobs/${accepted.json.request_id}`)).json).toEqual({
      request_id: accepted.json.request_id,
      status: "FAILED",
      error_type: "Bad Request",
      error_message: "There are invalid parameters"
    })
    expect(sim.records(zone).map((r) => r.rrtype)).toEqual(["SOA", "NS"])
    // The failed add released its name: the same record can be added again.
    await addRecord(sim, zone, txt("a.example.jp", '"x"'))
    sim.failNextJob({ errorType: "SystemError", errorMessage: "System error occurred." })
    expect(await apply(sim, zone)).toMatchObject({ status: "FAILED", error_type: "SystemError" })
    expect(sim.resolveTxt("a.example.jp")).toEqual([])
    expect(sim.jobs().map((j) => j.status)).toEqual(["FAILED", "SUCCESSFUL", "FAILED"])
  })

  it("answers 400 not_found/request_id for an unknown job", async () => {
    const { sim } = await start()
    const answer = await call(sim, "/jobs/00000000000000000000000000000000")
    expect(answer.status).toBe(400)
    expect(detail(answer)).toEqual([{ code: "not_found", attribute: "request_id" }])
  })

  it("answers duplicated/record for a second record of the same name and rrtype, pending or applied", async () => {
    const { sim, zone } = await start()
    await addRecord(sim, zone, txt("_acme-challenge.example.jp.", '"one"'))
    for (const record of [
      txt("_acme-challenge.example.jp.", '"one"'),
      txt("_ACME-challenge.example.jp", '"two"')
    ]) {
      const again = await call(sim, `/zones/${zone}/records`, { method: "POST", body: record })
      expect(again.status).toBe(400)
      expect(again.json).toEqual(parameterError("duplicated", "record"))
    }
    await apply(sim, zone)
    const applied = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("_acme-challenge.example.jp.", '"one"')
    })
    expect(detail(applied)).toEqual([{ code: "duplicated", attribute: "record" }])
    // Another rrtype at the name is no duplicate.
    await addRecord(sim, zone, {
      name: "_acme-challenge.example.jp.",
      rrtype: "A",
      rdata: [{ value: "198.51.100.7" }]
    })
  })

  it("counts an add still running as existing: a second add is duplicated, never made twice", async () => {
    const { sim, zone } = await start({ jobMillis: 1_000 })
    const first = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("b.example.jp", '"v"')
    })
    expect(first.status).toBe(202)
    const second = await call(sim, `/zones/${zone}/records`, {
      method: "POST",
      body: txt("b.example.jp", '"v"')
    })
    expect(detail(second)).toEqual([{ code: "duplicated", attribute: "record" }])
  })

  it("answers the documented validation details", async () => {
    const { sim, zone } = await start()
    await addRecord(sim, zone, {
      name: "alias.example.jp.",
      rrtype: "CNAME",
      rdata: [{ value: "www.example.net." }]
    })
    const cases: ReadonlyArray<readonly [unknown, string, string]> = [
      [txt("_acme-challenge.example.jp.", "bare-token"), "invalid_quotes", "rdata"],
      [{ name: "a.example.jp.", rrtype: "A", rdata: [{ value: "300.1.1.1" }] }, "invalid", "rdata"],
      [{ name: "a.example.jp.", rrtype: "AAAA", rdata: [{ value: "198.51.100.1" }] }, "invalid", "rdata"],
      [txt("www.other.jp.", '"x"'), "invalid", "name"],
      [txt("bad name!.example.jp.", '"x"'), "invalid", "name"],
      [
        {
          name: "c.example.jp.",
          rrtype: "CNAME",
          rdata: [{ value: "a.example.net." }, { value: "b.example.net." }]
        },
        "multiple_rdata_found",
        "rdata"
      ],
      [txt("alias.example.jp.", '"x"'), "cname_and_other_mixed", "name"],
      [
        { name: "sub.example.jp.", rrtype: "DS", rdata: [{ value: "12345 8 2 ABCDEF" }] },
        "corresponding_ns_not_found",
        "name"
      ],
      [{ name: "a.example.jp.", rrtype: "SOA", rdata: [{ value: "x" }] }, "invalid", "schema"],
      [{ name: "a.example.jp.", rrtype: "TXT", rdata: [] }, "invalid", "schema"],
      [{ ...txt("a.example.jp.", '"x"'), ttl: 0 }, "invalid", "schema"],
      [{ ...txt("a.example.jp.", '"x"'), description: "x".repeat(81) }, "invalid", "schema"],
      [{ rrtype: "TXT", rdata: [{ value: '"x"' }] }, "invalid", "schema"],
      [[1, 2], "invalid", "schema"]
    ]
    for (const [record, code, attribute] of cases) {
      const answer = await call(sim, `/zones/${zone}/records`, { method: "POST", body: record })
      expect([answer.status, detail(answer)]).toEqual([400, [{ code, attribute }]])
    }
    expect(sim.records(zone).map((r) => r.rrtype)).toEqual(["SOA", "NS", "CNAME"])
  })

  it("answers the JSON parse error (no error_details) for a body that is not JSON", async () => {
    const { sim, zone } = await start()
    for (const [path, method] of [
      [`/zones/${zone}/records`, "POST"],
      [`/zones/${zone}/changes`, "PATCH"]
    ] as const) {
      for (const rawBody of ["{", ""]) {
        const answer = await call(sim, path, { method, rawBody })
        expect(answer.status).toBe(400)
        expect(answer.json).toEqual({
          request_id: expect.stringMatching(requestId),
          error_type: "ParameterError",
          error_message: "JSON parse error occurred."
        })
      }
    }
  })

  it("deletes a record: state 2 until applied, then gone; documented refusals", async () => {
    const { sim, zone } = await start()
    const id = await addRecord(sim, zone, txt("del.example.jp.", '"v"'))
    await apply(sim, zone)
    expect(sim.resolveTxt("del.example.jp")).toEqual(["v"])
    const accepted = await call(sim, `/zones/${zone}/records/${id}`, { method: "DELETE" })
    expect(accepted.status).toBe(202)
    expect((await call(sim, `/jobs/${accepted.json.request_id}`)).json.status).toBe("SUCCESSFUL")
    expect((await call(sim, `/zones/${zone}/records/${id}`)).json.result.state).toBe(2)
    // Still on the servers until the apply.
    expect(sim.resolveTxt("del.example.jp")).toEqual(["v"])
    expect(sim.currents(zone).some((r) => r.id === id && r.state === 0)).toBe(true)
    const twice = await call(sim, `/zones/${zone}/records/${id}`, { method: "DELETE" })
    expect(detail(twice)).toEqual([{ code: "forbidden", attribute: "record" }])
    await apply(sim, zone)
    expect(sim.resolveTxt("del.example.jp")).toEqual([])
    const gone = await call(sim, `/zones/${zone}/records/${id}`, { method: "DELETE" })
    expect(detail(gone)).toEqual([{ code: "not_found", attribute: "record" }])

    const [soa, ns] = sim.records(zone)
    expect(detail(await call(sim, `/zones/${zone}/records/${soa?.id}`, { method: "DELETE" }))).toEqual([
      { code: "soa_not_found", attribute: "record" }
    ])
    expect(detail(await call(sim, `/zones/${zone}/records/${ns?.id}`, { method: "DELETE" }))).toEqual([
      { code: "apex_ns_not_found", attribute: "record" }
    ])
  })

  it("a record never applied disappears when deleted (unconfirmed choice)", async () => {
    const { sim, zone } = await start()
    const id = await addRecord(sim, zone, txt("gone.example.jp.", '"v"'))
    const accepted = await call(sim, `/zones/${zone}/records/${id}`, { method: "DELETE" })
    await call(sim, `/jobs/${accepted.json.request_id}`)
    expect(sim.records(zone).map((r) => r.id)).not.toContain(id)
  })

  it("updates a record's rdata as a job (state 3), applied by the next apply", async () => {
    const { sim, zone } = await start()
    const id = await addRecord(sim, zone, txt("_acme-challenge.example.jp.", '"one"'))
    await apply(sim, zone)
    const accepted = await call(sim, `/zones/${zone}/records/${id}`, {
      method: "PATCH",
      body: { rdata: [{ value: '"one"' }, { value: '"two"' }] }
    })
    expect(accepted.status).toBe(202)
    await call(sim, `/jobs/${accepted.json.request_id}`)
    expect((await call(sim, `/zones/${zone}/records/${id}`)).json.result).toMatchObject({
      state: 3,
      rdata: [{ value: '"one"' }, { value: '"two"' }]
    })
    expect(sim.resolveTxt("_acme-challenge.example.jp")).toEqual(["one"])
    await apply(sim, zone)
    expect(sim.resolveTxt("_acme-challenge.example.jp")).toEqual(["one", "two"])
    const bad = await call(sim, `/zones/${zone}/records/${id}`, {
      method: "PATCH",
      body: { rdata: [{ value: "x" }] }
    })
    expect(detail(bad)).toEqual([{ code: "invalid_quotes", attribute: "rdata" }])
  })

  it("discards pending changes (DELETE changes) and one record's change (DELETE records/{id}/changes)", async () => {
    const { sim, zone } = await start()
    await addRecord(sim, zone, txt("one.example.jp.", '"1"'))
    const discard = await call(sim, `/zones/${zone}/changes`, { method: "DELETE" })
    expect(discard.status).toBe(202)
    await call(sim, `/jobs/${discard.json.request_id}`)
    expect(sim.records(zone).map((r) => r.rrtype)).toEqual(["SOA", "NS"])
    const id = await addRecord(sim, zone, txt("two.example.jp.", '"2"'))
    const cancel = await call(sim, `/zones/${zone}/records/${id}/changes`, { method: "DELETE" })
    await call(sim, `/jobs/${cancel.json.request_id}`)
    expect(sim.records(zone).map((r) => r.id)).not.toContain(id)
    const none = await call(sim, `/zones/${zone}/records/${sim.records(zone)[0]?.id}/changes`, {
      method: "DELETE"
    })
    expect(detail(none)).toEqual([{ code: "forbidden", attribute: "record" }])
  })

  it("filters, pages and counts records, current or edited", async () => {
    const { sim, zone } = await start()
    for (const n of [1, 2, 3]) await addRecord(sim, zone, txt(`t${n}.example.jp.`, `"v${n}"`))
    const txts = await call(sim, `/zones/${zone}/records?_keywords_rrtype[]=TXT&limit=2&offset=1`)
    expect(txts.json.results.map((r: any) => r.name)).toEqual(["t2.example.jp.", "t3.example.jp."])
    const named = await call(sim, `/zones/${zone}/records?_keywords_name[]=t2.example.jp.`)
    expect(named.json.results.map((r: any) => r.rdata)).toEqual([[{ value: '"v2"' }]])
    expect((await call(sim, `/zones/${zone}/records/count?_keywords_rrtype[]=TXT`)).json.result.count).toBe(3)
    expect((await call(sim, `/zones/${zone}/records/currents/count`)).json.result.count).toBe(2)
    const either = await call(
      sim,
      `/zones/${zone}/records?type=OR&_keywords_rrtype[]=SOA&_keywords_name[]=t1.`
    )
    expect(either.json.results.map((r: any) => r.rrtype)).toEqual(["SOA", "TXT"])
    const badType = await call(sim, `/zones/${zone}/records?_keywords_rrtype[]=NOPE`)
    expect(detail(badType)).toEqual([{ code: "invalid", attribute: "keywords" }])
    const tooMany = Array.from({ length: 31 }, (_, i) => `_keywords_name[]=n${i}`).join("&")
    expect(detail(await call(sim, `/zones/${zone}/records?${tooMany}`))).toEqual([
      { code: "invalid", attribute: "keywords" }
    ])
  })
})

describe("DPF-API faults", () => {
  it("answers every documented error by inject(faults.error(code)), with a fresh request_id", async () => {
    const { sim } = await start()
    sim.inject(faults.error("NotAcceptable"))
    const blocked = await call(sim, "/zones")
    expect(blocked.status).toBe(406)
    expect(blocked.json).toEqual({
      request_id: expect.stringMatching(requestId),
      error_type: "NotAcceptable",
      error_message: "Request was blocked.",
      block_id: expect.stringMatching(/^.{32}$/)
    })
    sim.inject(faults.error("SystemBusy"), { path: "ping" })
    const busy = await call(sim, "/ping")
    expect([busy.status, busy.json.error_type]).toEqual([503, "SystemBusy"])
    sim.inject(faults.error("ParameterError:duplicated:record"), { method: "POST" })
    const duplicated = await call(sim, `/zones/${sim.zones[0]?.id}/records`, {
      method: "POST",
      body: txt("x.example.jp", '"x"')
    })
    expect(detail(duplicated)).toEqual([{ code: "duplicated", attribute: "record" }])
    // An error fault answers instead: nothing was added.
    expect(sim.jobs()).toEqual([])
    sim.inject(faults.error("http_502"))
    const proxy = await call(sim, "/ping")
    expect([proxy.status, proxy.headers.get("content-type")]).toEqual([502, "text/html"])
    expect(proxy.text).toMatch(/502 Bad Gateway/)
    expect(() => sim.inject(faults.error("NoSuchError"))).toThrow(/no fixture has the code/)
  })

  it("a reset after processing loses the 202 but the job runs and the record exists", async () => {
    const { sim, zone } = await start()
    sim.inject(faults.resetAfter(), { method: "POST", path: `zones/${zone}/records` })
    await expect(
      call(sim, `/zones/${zone}/records`, { method: "POST", body: txt("lost.example.jp.", '"v"') })
    ).rejects.toThrow()
    // What a reconciling client finds by listing the name.
    const listed = await call(sim, `/zones/${zone}/records?_keywords_name[]=lost.example.jp.`)
    expect(listed.json.results).toEqual([expect.objectContaining({ name: "lost.example.jp.", state: 1 })])
    expect(sim.jobs()).toEqual([expect.objectContaining({ status: "SUCCESSFUL" })])
  })

  it("runs as an Effect scoped service", async () => {
    const url = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const sim = yield* DpfSimulator.scoped({ zones: ["example.jp"] })
          const answer = yield* Effect.promise(() =>
            fetch(`${sim.url}/ping`, { headers: { authorization: `Bearer ${sim.token}` } })
          )
          expect(answer.status).toBe(200)
          return sim.url
        })
      )
    )
    await expect(fetch(`${url}/ping`)).rejects.toThrow()
  })

  it("refuses unknown options and bad values at start", async () => {
    await expect(startDpfSimulator({ jobs: 1 } as never)).rejects.toThrow(/unknown option "jobs"/)
    await expect(startDpfSimulator({ jobRunningPolls: -1 })).rejects.toThrow(/jobRunningPolls/)
    await expect(startDpfSimulator({ zones: ["a.jp", "A.jp."] })).rejects.toThrow(/repeats a zone/)
    await expect(startDpfSimulator({ tokens: ["has space"] })).rejects.toThrow(/tokens/)
  })
})
