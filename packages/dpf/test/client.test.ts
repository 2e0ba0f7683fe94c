import { InvalidOptionError } from "@faultline/core"
import { faults } from "@faultline/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { Dpf, type DpfOptions, quoteTxt } from "../src/index.js"
import { clientOf, sent, useSimulated } from "./simulated.js"

const t = useSimulated({ zones: ["example.jp", "sub.example.jp", "example.com"] })

const zoneId = () => t.simulator.zoneId("example.jp") ?? ""
const failureOf = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await t.dpf.exit(effect)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  return Cause.squash(exit.cause) as { readonly _tag: string; readonly reason: { readonly _tag: string } } & E
}

describe("Dpf over the t.simulator (real HTTP on 127.0.0.1)", () => {
  it("lists zones and finds the zone holding a name (the longest)", async () => {
    const zones = await t.dpf.run(t.dpf.client.listZones())
    expect(zones.map((z) => z.name).sort()).toEqual(["example.com.", "example.jp.", "sub.example.jp."])
    expect((await t.dpf.run(t.dpf.client.findZone("_dnsauth.www.example.jp")))?.name).toBe("example.jp.")
    expect((await t.dpf.run(t.dpf.client.findZone("_dnsauth.SUB.example.jp.")))?.name).toBe("sub.example.jp.")
    expect(await t.dpf.run(t.dpf.client.findZone("example.org"))).toBeUndefined()
    expect((await t.dpf.run(t.dpf.client.getZone(zoneId()))).name).toBe("example.jp.")
  })

  it("adds a TXT record (quoted), applies it and sees it among the current records", async () => {
    const added = await t.dpf.run(
      t.dpf.client.addRecord(zoneId(), {
        name: "_dnsauth.Client.example.jp",
        rrtype: "txt",
        rdata: ["token-1"],
        ttl: 300
      })
    )
    expect(added.reconciled).toBe(false)
    expect(added.jobId).toMatch(/^[0-9a-f]{32}$/)
    const pending = await t.dpf.run(
      t.dpf.client.listRecords(zoneId(), { name: "_dnsauth.client.example.jp", rrtype: "TXT" })
    )
    expect(pending).toMatchObject([{ id: added.recordId, rdata: ['"token-1"'], state: 1 }])
    await t.dpf.run(t.dpf.client.applyChanges(zoneId(), "faultline test"))
    const current = await t.dpf.run(
      t.dpf.client.listCurrentRecords(zoneId(), { name: "_dnsauth.client.example.jp." })
    )
    expect(current.map((r) => r.rdata)).toEqual([['"token-1"']])
    expect(t.simulator.resolveTxt("_dnsauth.client.example.jp")).toEqual(["token-1"])
  })

  it("patches a record set's rdata and deletes it", async () => {
    const name = "_dnsauth.patch.example.jp"
    const { recordId = "" } = await t.dpf.run(
      t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["a"] })
    )
    await t.dpf.run(t.dpf.client.applyChanges(zoneId()))
    await t.dpf.run(t.dpf.client.updateRecord(zoneId(), recordId, [quoteTxt("a"), quoteTxt("b")]))
    expect((await t.dpf.run(t.dpf.client.getRecord(zoneId(), recordId))).rdata).toEqual(['"a"', '"b"'])
    await t.dpf.run(t.dpf.client.applyChanges(zoneId()))
    await t.dpf.run(t.dpf.client.deleteRecord(zoneId(), recordId))
    expect((await t.dpf.run(t.dpf.client.getRecord(zoneId(), recordId))).state).toBe(2)
    await t.dpf.run(t.dpf.client.applyChanges(zoneId()))
    expect(t.simulator.resolveTxt(name)).toEqual([])
  })

  it("an add at a name holding another value is a DuplicatedRecord, sent once", async () => {
    const name = "_dnsauth.dup.example.jp"
    await t.dpf.run(t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["first"] }))
    const before = sent(t.simulator, "POST", "/records")
    const error = await failureOf(
      t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["second"] })
    )
    expect(error.reason._tag).toBe("DuplicatedRecord")
    expect(sent(t.simulator, "POST", "/records") - before).toBe(1)
    // The same value again is found, not failed: the record set already holds it.
    const again = await t.dpf.run(t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["first"] }))
    expect(again.reconciled).toBe(true)
  })

  it("a FAILED job is JobFailed, IIJ's words only Redacted; the change is not resent", async () => {
    t.simulator.failNextJob({ errorType: "Bad Request", errorMessage: "CANARY-job-text" })
    const before = sent(t.simulator, "POST", "/records")
    const error = await failureOf(
      t.dpf.client.addRecord(zoneId(), { name: "_dnsauth.failed.example.jp", rrtype: "TXT", rdata: ["x"] })
    )
    expect(error.reason._tag).toBe("JobFailed")
    expect(JSON.stringify(error)).not.toContain("CANARY")
    expect(sent(t.simulator, "POST", "/records") - before).toBe(1)
  })

  it("an unknown zone is ResourceNotFound with IIJ's request_id on the failure", async () => {
    const error = await failureOf(t.dpf.client.getZone("m9999999999999"))
    expect(error.reason._tag).toBe("ResourceNotFound")
    expect((error as unknown as { requestId: string }).requestId).toMatch(/^[0-9a-f]{32}$/)
  })

  it("a wrong token is InvalidAccessToken (misconfigured)", async () => {
    const wrong = clientOf(t.simulator, { token: Redacted.make("not-the-token") })
    const exit = await wrong.exit(wrong.client.listZones())
    await wrong.runtime.dispose()
    expect(
      Exit.isFailure(exit) && (Cause.squash(exit.cause) as { reason: { _tag: string } }).reason._tag
    ).toBe("InvalidAccessToken")
  })

  it("a 429 is retried (safe); a proxy's HTML 502 on a read too", async () => {
    t.simulator.inject(faults.error("TooManyRequests"), { method: "GET", path: /\/zones$/ })
    t.simulator.inject(faults.error("http_502"), { method: "GET", path: /\/zones$/ })
    expect((await t.dpf.run(t.dpf.client.listZones())).length).toBe(3)
  })

  it("refuses an id that is no plain token, unsent", async () => {
    const before = t.simulator.requests.length
    const error = await failureOf(t.dpf.client.getRecord(zoneId(), "../../zones"))
    expect(error.reason._tag).toBe("InvalidRequest")
    expect(t.simulator.requests.length).toBe(before)
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
