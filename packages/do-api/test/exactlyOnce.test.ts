import { toProblem } from "@faultline/core"
import { type DoApiSimulatorHandle, type Fault, faults, startDoApiSimulator } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DoApi, type DoApiClient } from "../src/DoApi.js"
import type { DoApiOptions } from "../src/DoApiConfig.js"

let simulator: DoApiSimulatorHandle
beforeAll(async () => {
  // Commits take no time here, so what a test sees is what the reconciliation did.
  simulator = await startDoApiSimulator({ commitMillis: 0 })
})
afterAll(() => simulator.close())

const clientWith = (options: Partial<DoApiOptions> = {}) => {
  const runtime = ManagedRuntime.make(
    DoApi.layer({
      accessKey: Redacted.make(simulator.accessKey),
      secretKey: Redacted.make(simulator.secretKey),
      serviceCode: simulator.serviceCode,
      baseUrl: simulator.url,
      retry: { jitter: false, baseDelay: "1 millis" },
      reconcile: { settle: "0 millis" },
      ...options
    }).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
  )
  return { client: runtime.runSync(Effect.service(DoApi)), runtime }
}

const sent = (method: string, suffix: string) =>
  simulator.requests.filter((r) => r.method === method && r.path.endsWith(suffix)).length

const lost: ReadonlyArray<readonly [string, () => Fault, boolean]> = [
  ["reset before the request is read", faults.resetBefore, false],
  ["reset after it was processed", faults.resetAfter, true],
  ["reset during the response body", faults.resetDuringBody, true],
  ["a SystemError (500)", () => faults.error("SystemError"), false]
]

describe("a record add whose answer is lost is made exactly once", () => {
  let client: DoApiClient
  let runtime: ReturnType<typeof clientWith>["runtime"]
  beforeAll(() => {
    ;({ client, runtime } = clientWith())
  })
  afterAll(() => runtime.dispose())

  for (const [name, fault, processed] of lost) {
    it(`${name}: one record, returned`, async () => {
      const owner = `_dnsauth.add-${lost.findIndex(([n]) => n === name)}`
      const rdata = `"token-${owner}"`
      simulator.inject(fault(), { method: "POST", path: "record.json" })
      const before = sent("POST", "record.json")
      const added = await runtime.runPromise(
        client.addRecord("example.jp", { owner, ttl: 300, recordType: "TXT", rdata })
      )
      const matching = simulator.records("example.jp").filter((r) => r.Owner === owner && r.RData === rdata)
      expect(matching).toHaveLength(1)
      expect(added.record.id).toBe(matching[0]?.Id)
      expect(sent("POST", "record.json") - before).toBe(processed ? 1 : 2)
    })
  }
})

// Every type the client can add, with a relative, an absolute and an apex owner (as `@` and as the
// zone's absolute name). DO-API lists each normalised (CONTRACT.md, "The listed form"), so the
// reconciliation after the lost answer must see through the normalisation or add it a second time.
const types: ReadonlyArray<readonly [type: string, rdata: (n: number) => string]> = [
  ["A", (n) => `198.18.0.${n}`],
  ["AAAA", (n) => `2400:CB00:0::${n.toString(16)}`],
  ["MX", (n) => `10 mail${n}`],
  ["CNAME", (n) => `target${n}.example.net.`],
  ["NS", (n) => `ns${n}.example.net.`],
  ["SRV", (n) => `0 5 5060 sip${n}`],
  ["TXT", (n) => `token-${n}`],
  ["CAA", (n) => `0 issue "ca${n}.example.net"`],
  ["TLSA", (n) => `3 1 1 ${n.toString(16).padStart(64, "a")}`],
  ["DS", (n) => `${10000 + n} 8 2 ${n.toString(16).padStart(64, "b")}`],
  ["PTR", (n) => `host${n}`],
  ["APEX", (n) => `apex${n}.example.net.`]
]
const owners: ReadonlyArray<readonly [form: string, owner: (type: string) => string]> = [
  ["relative", (type) => `lost-${type.toLowerCase()}`],
  ["absolute", (type) => `abs-${type.toLowerCase()}.example.jp.`],
  ["apex (@)", () => "@"],
  ["apex (absolute)", () => "example.jp."]
]

describe("a lost add ends in one record and one POST, whatever the type and owner form", () => {
  let client: DoApiClient
  let runtime: ReturnType<typeof clientWith>["runtime"]
  beforeAll(() => {
    ;({ client, runtime } = clientWith())
  })
  afterAll(() => runtime.dispose())

  let n = 0
  for (const [type, rdata] of types) {
    for (const [form, owner] of owners) {
      const i = ++n
      it(`${type}, ${form} owner`, async () => {
        const record = { owner: owner(type), ttl: 300, recordType: type, rdata: rdata(i) }
        simulator.inject(faults.resetAfter(), { method: "POST", path: "record.json" })
        const before = { posts: sent("POST", "record.json"), records: simulator.records("example.jp").length }
        const added = await runtime.runPromise(client.addRecord("example.jp", record))
        expect(sent("POST", "record.json") - before.posts).toBe(1)
        expect(simulator.records("example.jp").length - before.records).toBe(1)
        expect(simulator.records("example.jp").map((r) => r.Id)).toContain(added.record.id)
      })
    }
  }
})

describe("a listed record that may be the lost add, but not surely, ends unknown: never a second add", () => {
  const cases: ReadonlyArray<readonly [why: string, existing: string, ttl: number, wanted: string]> = [
    ["same TXT text, other case (TXT case unconfirmed)", "Maybe-Case", 300, "maybe-case"],
    ["same TXT, other TTL", "maybe-ttl", 600, "maybe-ttl"],
    [
      "same TXT text, split in two strings (multi-string TXT unconfirmed)",
      '"maybe" "split"',
      300,
      "maybesplit"
    ]
  ]
  for (const [why, existing, ttl, wanted] of cases) {
    it(why, async () => {
      const { client, runtime } = clientWith()
      const owner = `maybe-${cases.findIndex(([w]) => w === why)}`
      await runtime.runPromise(
        client.addRecord("example.jp", { owner, ttl, recordType: "TXT", rdata: existing })
      )
      // Not processed: only the existing record is there, and it may be ours.
      simulator.inject(faults.resetBefore(), { method: "POST", path: "record.json" })
      const before = sent("POST", "record.json")
      const error = await runtime.runPromise(
        Effect.flip(client.addRecord("example.jp", { owner, ttl: 300, recordType: "TXT", rdata: wanted }))
      )
      expect(error.reason._tag).toBe("ChangeOutcomeUnknown")
      expect(sent("POST", "record.json") - before).toBe(1)
      await runtime.dispose()
    })
  }
})

describe("a commit whose answer is lost is reconciled through its zone", () => {
  it("nothing pending after a lost answer: done, not sent again", async () => {
    const { client, runtime } = clientWith()
    await runtime.runPromise(
      client.addRecord("example.jp", { owner: "c1", ttl: 300, recordType: "TXT", rdata: '"c1"' })
    )
    simulator.inject(faults.resetAfter(), { method: "PUT", path: "commit.json" })
    const before = sent("PUT", "commit.json")
    await runtime.runPromise(client.commit({ zone: "example.jp" }))
    expect(sent("PUT", "commit.json") - before).toBe(1)
    expect(simulator.resolveTxt("c1.example.jp")).toEqual(["c1"])
    await runtime.dispose()
  })

  it("changes still pending after a lost answer: sent once more, then published", async () => {
    const { client, runtime } = clientWith()
    await runtime.runPromise(
      client.addRecord("example.jp", { owner: "c2", ttl: 300, recordType: "TXT", rdata: '"c2"' })
    )
    simulator.inject(faults.resetBefore(), { method: "PUT", path: "commit.json" })
    const before = sent("PUT", "commit.json")
    await runtime.runPromise(client.commit({ zone: "example.jp" }))
    expect(sent("PUT", "commit.json") - before).toBe(2)
    expect(simulator.resolveTxt("c2.example.jp")).toEqual(["c2"])
    await runtime.dispose()
  })

  // iij/doapi's statuses are UNCHANGED, ADDING, DELETING, DELETED; only UNCHANGED proves published.
  it.each(["DELETED", "SAVED"])(
    "a zone showing a %s record after a lost answer: unknown, not resent",
    async (status) => {
      const { client, runtime } = clientWith()
      simulator.inject(faults.resetAfter(), { method: "PUT", path: "commit.json" })
      const record = {
        Id: "1",
        Status: status,
        Owner: "gone",
        TTL: "300",
        RecordType: "TXT",
        RData: '"gone"'
      }
      simulator.inject(
        faults.json(200, {
          RequestId: "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c5d6-e7f8a9b0",
          RecordList: [record],
          StaticRecordList: []
        }),
        { method: "GET", path: "DETAIL.json" }
      )
      const before = sent("PUT", "commit.json")
      const error = await runtime.runPromise(Effect.flip(client.commit({ zone: "example.jp" })))
      expect(error.reason._tag).toBe("ChangeOutcomeUnknown")
      expect(sent("PUT", "commit.json") - before).toBe(1)
      await runtime.dispose()
    }
  )

  it("without a zone, a lost commit fails as it happened and is not resent", async () => {
    const { client, runtime } = clientWith()
    simulator.inject(faults.resetBefore(), { method: "PUT", path: "commit.json" })
    const before = sent("PUT", "commit.json")
    const error = await runtime.runPromise(Effect.flip(client.commit()))
    expect(error.reason._tag).toBe("TransportFault")
    expect(sent("PUT", "commit.json") - before).toBe(1)
    await runtime.dispose()
  })
})

describe("when the zone cannot be read", () => {
  it("fails typed with ChangeOutcomeUnknown, sends nothing more, maps to 503 + Retry-After", async () => {
    const { client, runtime } = clientWith({ retry: false })
    simulator.inject(faults.resetAfter(), { method: "POST", path: "record.json" })
    simulator.inject(faults.error("SystemError"), { method: "GET", path: "DETAIL.json" })
    const before = sent("POST", "record.json")
    const error = await runtime.runPromise(
      Effect.flip(client.addRecord("example.jp", { owner: "u1", ttl: 300, recordType: "TXT", rdata: '"u1"' }))
    )
    expect(error._tag).toBe("DoApiError")
    expect(error.reason._tag).toBe("ChangeOutcomeUnknown")
    expect(error.reason.retry).toBe("never")
    expect(sent("POST", "record.json") - before).toBe(1)
    const problem = toProblem(error)
    expect(problem.status).toBe(503)
    expect(problem.headers["retry-after"]).toBe("60")
    await runtime.dispose()
  })
})
