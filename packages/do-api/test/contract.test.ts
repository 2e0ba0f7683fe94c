import {
  type DoApiSimulatorHandle,
  doApiFixtures,
  doApiWireFacts,
  startDoApiSimulator
} from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { catalogue, clientReasons } from "../src/catalogue.js"
import { DoApi, type DoApiClient } from "../src/DoApi.js"
import { apiVersion, decodeError, doApiDefaults, findRecord, sign } from "../src/index.js"
import { decodeRecordList } from "../src/models.js"

// The contract with @faultline/testing, an independent reading of IIJ's error page: every fixture
// decodes to its documented reason with its status, and the catalogue and fixtures agree.

describe("DO-API contract with @faultline/testing", () => {
  it.each(doApiFixtures.map((f, i) => [`${f.code} (${f.status}, row ${i})`, f] as const))(
    "%s decodes to its reason",
    (_, fixture) => {
      const error = decodeError({ status: fixture.status, body: fixture.body })
      expect(error?.reason._tag).toBeDefined()
      expect(error?.reason._tag).not.toBe("Unrecognized")
      expect(error?.reason.code).toBe(fixture.code)
      expect(error?.upstreamStatus).toBe(fixture.status)
    }
  )

  it("every catalogue code has a fixture and every fixture a catalogue entry", () => {
    const fixtureCodes = new Set(doApiFixtures.map((f) => f.code))
    const catalogueCodes = catalogue
      .filter((k) => !clientReasons.includes(k))
      .map((k) => k.spec.code)
      .filter((code) => code !== "unrecognized")
    expect(catalogueCodes.filter((code) => !fixtureCodes.has(code))).toEqual([])
    expect([...fixtureCodes].filter((code) => !catalogueCodes.includes(code))).toEqual([])
  })
})

// The wire facts of CONTRACT.md, as @faultline/testing's `doApiWireFacts` states them with their
// sources: what the client sends (recorded by the simulator over loopback) and what it reads.
describe("DO-API wire contract: the client", () => {
  let simulator: DoApiSimulatorHandle
  let runtime: ManagedRuntime.ManagedRuntime<DoApi, never>
  let client: DoApiClient
  beforeAll(async () => {
    simulator = await startDoApiSimulator({ commitMillis: 0 })
    runtime = ManagedRuntime.make(
      DoApi.layer({
        accessKey: Redacted.make(simulator.accessKey),
        secretKey: Redacted.make(simulator.secretKey),
        serviceCode: simulator.serviceCode,
        baseUrl: simulator.url,
        retry: false
      }).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
    )
    client = runtime.runSync(Effect.service(DoApi))
  })
  afterAll(async () => {
    await runtime.dispose()
    await simulator.close()
  })

  const facts = doApiWireFacts
  const endpoint = (name: string) => {
    const found = facts.endpoints.find((e) => e.name === name)
    if (found === undefined) throw new Error(`no wire fact for ${name}`)
    return found
  }
  const pathPattern = (path: string) =>
    new RegExp(`^${path.replace(/[.]/g, "\\.").replace(/\{[a-zA-Z]+\}/g, "[^/]+")}$`)
  const last = () => simulator.requests[simulator.requests.length - 1]

  it("defaults to IIJ's endpoint and API version", () => {
    expect(doApiDefaults.baseUrl).toBe(facts.baseUrl.value)
    expect(apiVersion).toBe(facts.apiVersion.value)
  })

  it("signs as iij/doapi does: the literal string to sign", () => {
    const { method, path, expire, stringToSign } = facts.signing.example
    const expireMillis = Date.parse(expire) - 300_000
    const signed = sign({ method, path }, { accessKey: "AK", secretKey: "SK" }, expireMillis)
    expect(signed.expire).toBe(expire)
    expect(signed.stringToSign).toBe(stringToSign)
  })

  it("sends every endpoint's method, path and signing headers", async () => {
    const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, unknown>]> = [
      ["listZones", client.listZones()],
      [
        "addRecord",
        client.addRecord("example.jp", { owner: "contract", ttl: 300, recordType: "TXT", rdata: "v" })
      ],
      ["listRecords", client.listRecords("example.jp")],
      ["commit", client.commit()]
    ]
    for (const [name, call] of calls) {
      await runtime.runPromise(call)
      const fact = endpoint(name)
      const request = last()
      expect(request?.method).toBe(fact.method)
      expect(request?.path).toMatch(pathPattern(fact.path))
      const headers = request?.headers ?? {}
      expect(headers[facts.signing.expireHeader.toLowerCase()]).toMatch(facts.signing.expirePattern)
      expect(headers[facts.signing.methodHeader.toLowerCase()]).toBe(facts.signing.signatureMethod)
      expect(headers[facts.signing.versionHeader.toLowerCase()]).toBe(facts.signing.signatureVersion)
      expect(request?.authenticated).toBe(true)
    }
    const { records } = await runtime.runPromise(client.listRecords("example.jp"))
    const id = records.find((r) => r.owner === "contract")?.id ?? ""
    await runtime.runPromise(client.deleteRecord("example.jp", id))
    expect(last()?.method).toBe(endpoint("deleteRecord").method)
    expect(last()?.path).toMatch(pathPattern(endpoint("deleteRecord").path))
  })

  it("sends POST record's body as IIJ's example: every field a string, TTL included", async () => {
    const { Owner, TTL, RecordType, RData } = facts.addBody.example
    await runtime.runPromise(
      client.addRecord("example.jp", { owner: Owner, ttl: Number(TTL), recordType: RecordType, rdata: RData })
    )
    const request = last()
    expect(request?.headers["content-type"]).toBe(facts.signing.contentType)
    expect(JSON.parse(request?.body ?? "")).toEqual(facts.addBody.example)
  })

  it("reads lego's literal listing (relative owner, quoted TXT, TTL as a string, StaticRecordList beside)", () => {
    const body = {
      RequestId: "123456",
      RecordList: [
        {
          Id: "963",
          Status: "bar",
          Owner: "_acme-challenge",
          TTL: "120",
          RecordType: "TXT",
          RData: '"ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"'
        }
      ],
      StaticRecordList: null
    }
    const list = Option.getOrThrow(decodeRecordList(body))
    expect(list.records).toEqual([
      {
        id: "963",
        status: "bar",
        owner: "_acme-challenge",
        ttl: 120,
        recordType: "TXT",
        rdata: '"ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"',
        description: undefined
      }
    ])
    expect(Object.keys(body.RecordList[0] ?? {})).toEqual(facts.bodies.recordFields)
    const wanted = { ...facts.addBody.example }
    expect(
      findRecord(list.records, "example.com", {
        owner: wanted.Owner,
        ttl: 120,
        recordType: wanted.RecordType,
        rdata: wanted.RData
      })
    ).toBe(list.records[0])
  })

  it("reads the error envelope with the page's RequestId form", () => {
    const requestId = "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c5d6-e7f8a9b0"
    expect(requestId).toMatch(facts.errors.requestIdPattern)
    const error = decodeError({
      status: 400,
      body: {
        [facts.errors.envelope]: {
          RequestId: requestId,
          ErrorType: "ParameterError",
          ErrorMessage: "There are invalid parameters."
        }
      }
    })
    expect(error?.requestId).toBe(requestId)
  })

  it("knows the statuses iij/doapi names; a commit is published only when every record is UNCHANGED", () => {
    expect(facts.statuses.values).toEqual(["UNCHANGED", "ADDING", "DELETING", "DELETED"])
  })
})
