import { InvalidOptionError } from "@faultline/core"
import { type DpfSimulatorHandle, faults } from "@faultline/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Dpf, type DpfOptions, quoteTxt } from "../src/index.js"
import { clientOf, sent, simulatorFor } from "./simulated.js"

let simulator: DpfSimulatorHandle
let dpf: ReturnType<typeof clientOf>
beforeAll(async () => {
  simulator = await simulatorFor({ zones: ["example.jp", "sub.example.jp", "example.com"] })
  dpf = clientOf(simulator)
})
afterAll(async () => {
  await dpf.runtime.dispose()
  await simulator.close()
})

const zoneId = () => simulator.zoneId("example.jp") ?? ""
const failureOf = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await dpf.exit(effect)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  return Cause.squash(exit.cause) as { readonly _tag: string; readonly reason: { readonly _tag: string } } & E
}

describe("Dpf over the simulator (real HTTP on 127.0.0.1)", () => {
  it("lists zones and finds the zone holding a name (the longest)", async () => {
    const zones = await dpf.run(dpf.client.listZones())
    expect(zones.map((z) => z.name).sort()).toEqual(["example.com.", "example.jp.", "sub.example.jp."])
    expect((await dpf.run(dpf.client.findZone("_dnsauth.www.example.jp")))?.name).toBe("example.jp.")
    expect((await dpf.run(dpf.client.findZone("_dnsauth.SUB.example.jp.")))?.name).toBe("sub.example.jp.")
    expect(await dpf.run(dpf.client.findZone("example.org"))).toBeUndefined()
    expect((await dpf.run(dpf.client.getZone(zoneId()))).name).toBe("example.jp.")
  })

  it("adds a TXT record (quoted), applies it and sees it among the current records", async () => {
    const added = await dpf.run(
      dpf.client.addRecord(zoneId(), {
        name: "_dnsauth.Client.example.jp",
        rrtype: "txt",
        rdata: ["token-1"],
        ttl: 300
      })
    )
    expect(added.reconciled).toBe(false)
    expect(added.jobId).toMatch(/^[0-9a-f]{32}$/)
    const pending = await dpf.run(
      dpf.client.listRecords(zoneId(), { name: "_dnsauth.client.example.jp", rrtype: "TXT" })
    )
    expect(pending).toMatchObject([{ id: added.recordId, rdata: ['"token-1"'], state: 1 }])
    await dpf.run(dpf.client.applyChanges(zoneId(), "faultline test"))
    const current = await dpf.run(
      dpf.client.listCurrentRecords(zoneId(), { name: "_dnsauth.client.example.jp." })
    )
    expect(current.map((r) => r.rdata)).toEqual([['"token-1"']])
    expect(simulator.resolveTxt("_dnsauth.client.example.jp")).toEqual(["token-1"])
  })

  it("patches a record set's rdata and deletes it", async () => {
    const name = "_dnsauth.patch.example.jp"
    const { recordId = "" } = await dpf.run(
      dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["a"] })
    )
    await dpf.run(dpf.client.applyChanges(zoneId()))
    await dpf.run(dpf.client.updateRecord(zoneId(), recordId, [quoteTxt("a"), quoteTxt("b")]))
    expect((await dpf.run(dpf.client.getRecord(zoneId(), recordId))).rdata).toEqual(['"a"', '"b"'])
    await dpf.run(dpf.client.applyChanges(zoneId()))
    await dpf.run(dpf.client.deleteRecord(zoneId(), recordId))
    expect((await dpf.run(dpf.client.getRecord(zoneId(), recordId))).state).toBe(2)
    await dpf.run(dpf.client.applyChanges(zoneId()))
    expect(simulator.resolveTxt(name)).toEqual([])
  })

  it("an add at a name holding another value is a DuplicatedRecord, sent once", async () => {
    const name = "_dnsauth.dup.example.jp"
    await dpf.run(dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["first"] }))
    const before = sent(simulator, "POST", "/records")
    const error = await failureOf(dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["second"] }))
    expect(error.reason._tag).toBe("DuplicatedRecord")
    expect(sent(simulator, "POST", "/records") - before).toBe(1)
    // The same value again is found, not failed: the record set already holds it.
    const again = await dpf.run(dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["first"] }))
    expect(again.reconciled).toBe(true)
  })

  it("a FAILED job is JobFailed, IIJ's words only Redacted; the change is not resent", async () => {
    simulator.failNextJob({ errorType: "Bad Request", errorMessage: "CANARY-job-text" })
    const before = sent(simulator, "POST", "/records")
    const error = await failureOf(
      dpf.client.addRecord(zoneId(), { name: "_dnsauth.failed.example.jp", rrtype: "TXT", rdata: ["x"] })
    )
    expect(error.reason._tag).toBe("JobFailed")
    expect(JSON.stringify(error)).not.toContain("CANARY")
    expect(sent(simulator, "POST", "/records") - before).toBe(1)
  })

  it("an unknown zone is ResourceNotFound with IIJ's request_id on the failure", async () => {
    const error = await failureOf(dpf.client.getZone("m9999999999999"))
    expect(error.reason._tag).toBe("ResourceNotFound")
    expect((error as unknown as { requestId: string }).requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it("a wrong token is InvalidAccessToken (misconfigured)", async () => {
    const wrong = clientOf(simulator, { token: Redacted.make("not-the-token") })
    const exit = await wrong.exit(wrong.client.listZones())
    await wrong.runtime.dispose()
    expect(
      Exit.isFailure(exit) && (Cause.squash(exit.cause) as { reason: { _tag: string } }).reason._tag
    ).toBe("InvalidAccessToken")
  })

  it("a 429 is retried (safe); a proxy's HTML 502 on a read too", async () => {
    simulator.inject(faults.error("TooManyRequests"), { method: "GET", path: /\/zones$/ })
    simulator.inject(faults.error("http_502"), { method: "GET", path: /\/zones$/ })
    expect((await dpf.run(dpf.client.listZones())).length).toBe(3)
  })

  it("refuses an id that is no plain token, unsent", async () => {
    const before = simulator.requests.length
    const error = await failureOf(dpf.client.getRecord(zoneId(), "../../zones"))
    expect(error.reason._tag).toBe("InvalidRequest")
    expect(simulator.requests.length).toBe(before)
  })
})

describe("Dpf options", () => {
  const bad: ReadonlyArray<readonly [string, Partial<DpfOptions> & Record<string, unknown>]> = [
    ["token", { token: "plain" as never }],
    ["baseUrl", { baseUrl: "ftp://api.dns-platform.jp" }],
    ["jobInterval", { jobInterval: "-1 seconds" }],
    ["jobPolls", { jobPolls: 0 }],
    ["reconcile.settle", { reconcile: { settle: "soon" as never } }],
    ["tokne", { tokne: 1 }]
  ]
  it.each(bad)("a bad %s fails the layer with InvalidOptionError naming it", async (option, options) => {
    const layer = Dpf.layer({ token: Redacted.make("t"), ...options } as DpfOptions).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    const exit = await Effect.runPromiseExit(Effect.provide(Effect.service(Dpf), layer))
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect((error as InvalidOptionError).option).toBe(option)
  })
})
