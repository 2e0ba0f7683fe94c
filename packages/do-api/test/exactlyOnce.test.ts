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
