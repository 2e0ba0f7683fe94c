import { type Fault, faults } from "@faultline/testing"
import * as Cause from "effect/Cause"
import type * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import { clientOf, sent, simulatorFor, useSimulated } from "./simulated.js"

// Each change (add, patch, delete, apply) whose answer is lost is made once, never twice: the client
// lists the zone (core's sendExactlyOnce) and never resends what it cannot prove absent.

const t = useSimulated()

const zoneId = () => t.simulator.zoneId("example.jp") ?? ""
const reasonOf = async <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = await t.dpf.exit(effect)
  return Exit.isFailure(exit)
    ? (Cause.squash(exit.cause) as { reason: { _tag: string } }).reason._tag
    : "success"
}
const txtAt = (name: string) =>
  t.simulator.records("example.jp").filter((r) => r.name === `${name}.` && r.rrtype === "TXT")

// A lost answer: processed and reset, reset before it was read, or a 500 / 504 (IIJ's answers
// instead of processing: the simulator leaves its state untouched).
const lost: ReadonlyArray<readonly [string, () => Fault, boolean]> = [
  ["reset after it was processed", faults.resetAfter, true],
  ["reset before it was read", faults.resetBefore, false],
  ["a SystemError (500)", () => faults.error("SystemError"), false],
  ["a GatewayTimeout (504)", () => faults.error("GatewayTimeout"), false]
]

describe("addRecord whose answer is lost", () => {
  lost.forEach(([what, fault, processed], i) => {
    it(`${what}: one record set, returned`, async () => {
      const name = `_dnsauth.lost-${i}.example.jp`
      t.simulator.inject(fault(), { method: "POST", path: /\/records$/ })
      const before = sent(t.simulator, "POST", "/records")
      const added = await t.dpf.run(
        t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: [`token-${i}`] })
      )
      expect(txtAt(name)).toHaveLength(1)
      expect(txtAt(name)[0]?.rdata).toEqual([{ value: `"token-${i}"` }])
      expect(added.recordId).toBe(txtAt(name)[0]?.id)
      expect(added.reconciled).toBe(processed)
      expect(sent(t.simulator, "POST", "/records") - before).toBe(processed ? 1 : 2)
    })
  })

  it("a record set at the name without our value after a lost answer: the resend's duplicated ends unknown", async () => {
    const name = "_dnsauth.taken.example.jp"
    await t.dpf.run(t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["theirs"] }))
    t.simulator.inject(faults.error("SystemError"), { method: "POST", path: /\/records$/ })
    const before = sent(t.simulator, "POST", "/records")
    expect(await reasonOf(t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["ours"] }))).toBe(
      "ChangeOutcomeUnknown"
    )
    expect(sent(t.simulator, "POST", "/records") - before).toBe(2)
    expect(txtAt(name).map((r) => r.rdata)).toEqual([[{ value: '"theirs"' }]])
  })

  it("the listing failing after a lost answer: unknown, never resent", async () => {
    const name = "_dnsauth.unlisted.example.jp"
    t.simulator.inject(faults.error("SystemError"), { method: "POST", path: /\/records$/ })
    t.simulator.inject(faults.error("ParameterError:invalid:access_token"), {
      method: "GET",
      path: /\/records$/
    })
    const before = sent(t.simulator, "POST", "/records")
    expect(await reasonOf(t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["x"] }))).toBe(
      "ChangeOutcomeUnknown"
    )
    expect(sent(t.simulator, "POST", "/records") - before).toBe(1)
  })
})

describe("a job that never finishes", () => {
  it("is unknown when polling ends, never failed, never resent", async () => {
    const slow = await simulatorFor({ jobRunningPolls: 1_000 })
    const client = clientOf(slow, { jobPolls: 3 })
    try {
      const zone = slow.zoneId("example.jp") ?? ""
      const exit = await client.exit(
        client.client.addRecord(zone, { name: "_dnsauth.slow.example.jp", rrtype: "TXT", rdata: ["x"] })
      )
      const failure = Exit.isFailure(exit)
        ? (Cause.squash(exit.cause) as { reason: Record<string, unknown> })
        : undefined
      expect(failure?.reason).toMatchObject({ _tag: "ChangeOutcomeUnknown", operation: "addRecord" })
      expect(failure?.reason.jobId).toMatch(/^[0-9a-f]{32}$/)
      expect(sent(slow, "POST", "/records")).toBe(1)
      expect(sent(slow, "GET", /\/jobs\//)).toBe(3)
    } finally {
      await client.runtime.dispose()
      await slow.close()
    }
  })
})

describe("updateRecord, deleteRecord and applyChanges whose answer is lost", () => {
  const record = async (name: string) => {
    const { recordId = "" } = await t.dpf.run(
      t.dpf.client.addRecord(zoneId(), { name, rrtype: "TXT", rdata: ["a"] })
    )
    await t.dpf.run(t.dpf.client.applyChanges(zoneId()))
    return recordId
  }

  it("a patch processed and reset: found, sent once", async () => {
    const id = await record("_dnsauth.patch-lost.example.jp")
    t.simulator.inject(faults.resetAfter(), { method: "PATCH", path: /\/records\/r\d+$/ })
    const before = sent(t.simulator, "PATCH", /\/records\/r\d+$/)
    const done = await t.dpf.run(t.dpf.client.updateRecord(zoneId(), id, ['"a"', '"b"']))
    expect(done.reconciled).toBe(true)
    expect(sent(t.simulator, "PATCH", /\/records\/r\d+$/) - before).toBe(1)
  })

  it("a patch answered 500 unprocessed: unknown (its job may still run), never resent", async () => {
    const id = await record("_dnsauth.patch-500.example.jp")
    t.simulator.inject(faults.error("SystemError"), { method: "PATCH", path: /\/records\/r\d+$/ })
    const before = sent(t.simulator, "PATCH", /\/records\/r\d+$/)
    expect(await reasonOf(t.dpf.client.updateRecord(zoneId(), id, ['"c"']))).toBe("ChangeOutcomeUnknown")
    expect(sent(t.simulator, "PATCH", /\/records\/r\d+$/) - before).toBe(1)
  })

  it("a delete processed and reset: found, sent once", async () => {
    const id = await record("_dnsauth.delete-lost.example.jp")
    t.simulator.inject(faults.resetAfter(), { method: "DELETE" })
    const before = sent(t.simulator, "DELETE", /\/records\/r\d+$/)
    expect((await t.dpf.run(t.dpf.client.deleteRecord(zoneId(), id))).reconciled).toBe(true)
    expect(sent(t.simulator, "DELETE", /\/records\/r\d+$/) - before).toBe(1)
  })

  it("an apply processed and reset: found (nothing pending), sent once", async () => {
    await t.dpf.run(
      t.dpf.client.addRecord(zoneId(), { name: "_dnsauth.apply.example.jp", rrtype: "TXT", rdata: ["z"] })
    )
    t.simulator.inject(faults.resetAfter(), { method: "PATCH", path: /\/changes$/ })
    const before = sent(t.simulator, "PATCH", "/changes")
    expect((await t.dpf.run(t.dpf.client.applyChanges(zoneId()))).reconciled).toBe(true)
    expect(sent(t.simulator, "PATCH", "/changes") - before).toBe(1)
    expect(t.simulator.resolveTxt("_dnsauth.apply.example.jp")).toEqual(["z"])
  })

  it("an apply answered 504 with changes pending: unknown, never resent", async () => {
    await t.dpf.run(
      t.dpf.client.addRecord(zoneId(), { name: "_dnsauth.apply2.example.jp", rrtype: "TXT", rdata: ["y"] })
    )
    t.simulator.inject(faults.error("GatewayTimeout"), { method: "PATCH", path: /\/changes$/ })
    const before = sent(t.simulator, "PATCH", "/changes")
    expect(await reasonOf(t.dpf.client.applyChanges(zoneId()))).toBe("ChangeOutcomeUnknown")
    expect(sent(t.simulator, "PATCH", "/changes") - before).toBe(1)
  })

  it("a FAILED apply job is JobFailed, not resent", async () => {
    t.simulator.failNextJob()
    const before = sent(t.simulator, "PATCH", "/changes")
    expect(await reasonOf(t.dpf.client.applyChanges(zoneId()))).toBe("JobFailed")
    expect(sent(t.simulator, "PATCH", "/changes") - before).toBe(1)
  })
})
