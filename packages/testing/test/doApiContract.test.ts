import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type DoApiSimulatorHandle,
  doApiListedForm,
  doApiStringToSign,
  doApiWireFacts,
  startDoApiSimulator
} from "../src/index.js"
import { expireAt, signedHeaders } from "./helpers.js"

// The simulator against the wire facts of packages/do-api/CONTRACT.md (the same literal table the
// client's contract test reads), checked with raw HTTP: what it serves, not what a client makes of it.

const facts = doApiWireFacts
let sim: DoApiSimulatorHandle
beforeAll(async () => {
  sim = await startDoApiSimulator({ zones: [facts.listing.zone], commitMillis: 0 })
})
afterAll(() => sim.close())

const raw = async (method: string, path: string, body?: unknown) => {
  const full = `/r/${facts.apiVersion.value}/${sim.serviceCode}/${path}`
  const text = body === undefined ? undefined : JSON.stringify(body)
  const response = await fetch(`${sim.url}${full}`, {
    method,
    headers: signedHeaders({
      method,
      path: full,
      accessKey: sim.accessKey,
      secretKey: sim.secretKey,
      expire: expireAt(Date.now() + 300_000),
      ...(text !== undefined ? { contentType: facts.signing.contentType } : {})
    }),
    ...(text !== undefined ? { body: text } : {})
  })
  const answer = await response.text()
  return { status: response.status, text: answer, json: answer === "" ? undefined : JSON.parse(answer) }
}

const zone = facts.listing.zone
const pathOf = (name: string, id = "1") => {
  const fact = facts.endpoints.find((e) => e.name === name)
  if (fact === undefined) throw new Error(name)
  const path = fact.path
    .replace(`/r/${facts.apiVersion.value}/{serviceCode}/`, "")
    .replace("{zone}", zone)
    .replace("{id}", id)
  return { method: fact.method, path }
}

describe("DO-API wire contract: the simulator", () => {
  it("computes iij/doapi's string to sign for the literal example", () => {
    const { method, path, expire, stringToSign } = facts.signing.example
    const headers = {
      "x-iijapi-expire": expire,
      "x-iijapi-signaturemethod": facts.signing.signatureMethod,
      "x-iijapi-signatureversion": facts.signing.signatureVersion
    }
    expect(doApiStringToSign(method, path, headers)).toBe(stringToSign)
  })

  it("serves every endpoint at its method and path, each body with a RequestId of the page's form", async () => {
    const added = await raw("POST", pathOf("addRecord").path, { ...facts.addBody.example })
    expect(added.status).toBe(200)
    expect(Object.keys(added.json[facts.bodies.record]).sort()).toEqual([...facts.bodies.recordFields].sort())
    const id = added.json.Record.Id as string
    for (const name of ["listZones", "listRecords", "getRecord", "commit", "deleteRecord"]) {
      const { method, path } = pathOf(name, id)
      const answer = await raw(method, path)
      expect(answer.status, name).toBe(200)
      expect(answer.json.ErrorResponse, name).toBeUndefined()
      expect(answer.json[facts.bodies.requestId], name).toMatch(facts.errors.requestIdPattern)
    }
    await raw("PUT", pathOf("commit").path)
  })

  it("lists RecordList and StaticRecordList, every record with iij/doapi's fields and statuses", async () => {
    await raw("POST", pathOf("addRecord").path, {
      Owner: "statuses",
      TTL: "300",
      RecordType: "TXT",
      RData: "s"
    })
    const listing = await raw("GET", pathOf("listRecords").path)
    expect(Array.isArray(listing.json[facts.bodies.recordList])).toBe(true)
    expect(listing.json[facts.bodies.staticRecordList]).toEqual([])
    for (const record of listing.json.RecordList) {
      expect(Object.keys(record).sort()).toEqual([...facts.bodies.recordFields].sort())
      expect(facts.statuses.values).toContain(record.Status)
      expect(record.TTL).toBeTypeOf("string")
    }
    await raw("PUT", pathOf("commit").path)
    const after = await raw("GET", pathOf("listRecords").path)
    expect(after.json.RecordList.map((r: { Status: string }) => r.Status)).toContain("UNCHANGED")
  })

  it.each(facts.listing.cases.map((c) => [c.why, c] as const))(
    "lists a sent record normalised: %s",
    async (_, c) => {
      const added = await raw("POST", pathOf("addRecord").path, { ...c.sent, TTL: "300" })
      expect(added.json.Record).toMatchObject({
        Owner: c.listed.Owner,
        RData: c.listed.RData,
        Status: "ADDING"
      })
      const listing = await raw("GET", pathOf("listRecords").path)
      const listed = listing.json.RecordList.find((r: { Id: string }) => r.Id === added.json.Record.Id)
      expect(listed).toMatchObject({
        Owner: c.listed.Owner,
        TTL: "300",
        RecordType: c.sent.RecordType,
        RData: c.listed.RData
      })
      expect(doApiListedForm(c.sent, zone)).toEqual(c.listed)
    }
  )

  it("answers errors in the page's envelope, and a wrong path with a bare 404", async () => {
    const error = await raw("POST", pathOf("addRecord").path, { Owner: "x" })
    expect(Object.keys(error.json)).toEqual([facts.errors.envelope])
    expect(Object.keys(error.json.ErrorResponse)).toEqual(facts.errors.fields)
    expect(error.json.ErrorResponse.RequestId).toMatch(facts.errors.requestIdPattern)
    const invalid = await raw("POST", pathOf("addRecord").path, {
      Owner: "www",
      TTL: "28800",
      RecordType: "A",
      RData: "192.0.2.1"
    })
    expect(invalid.json.ErrorResponse.ErrorDetail.ErrorList[0].Line).toBe(facts.errors.validationLine)
    const missing = await raw("GET", "no/such/path.json")
    expect(missing).toMatchObject({ status: 404, text: "" })
  })
})
