import { inspect } from "node:util"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { decodedFailure, decodedReason, Failure, Reason, statusCategory } from "../src/vendor.js"

class Rejected extends Reason("Rejected", {
  vendor: "kit",
  code: "rejected",
  category: "invalid-input",
  retry: "never"
})<{ readonly param: string | undefined }> {}
class Busy extends Reason("Busy", { vendor: "kit", code: "busy", category: "throttled", retry: "safe" }) {}
class KitError extends Failure("KitError")<Rejected | Busy> {}

const issues = [{ param: "name", code: "rejected" }]
const wait = Duration.seconds(3)

// The same reason built both ways: the fields are the ones `new` gives for the same args.
const built = () =>
  decodedReason(
    Rejected,
    "rejected:name",
    400,
    "rejected:name",
    "bad name",
    "req-1",
    wait,
    issues,
    undefined,
    "param",
    "name"
  )
const constructed = () =>
  new Rejected({
    upstreamStatus: 400,
    requestId: "req-1",
    retryAfter: wait,
    code: "rejected:name",
    upstreamCode: "rejected:name",
    upstreamMessage: "bad name",
    param: "name",
    issues
  })

describe("decodedReason", () => {
  it("gives the instance `new` gives for the same fields", () => {
    const reason = built()
    expect(reason).toBeInstanceOf(Rejected)
    expect(reason).toBeInstanceOf(Error)
    expect(reason._tag).toBe("Rejected")
    expect(Equal.equals(reason, constructed())).toBe(true)
    expect(reason.toJSON()).toEqual(constructed().toJSON())
    expect(inspect(reason)).toBe(inspect(constructed()))
    expect(reason.message).toBe("kit rejected:name (invalid-input)")
  })

  it("keeps the upstream text redacted, and out of keys, JSON and inspect", () => {
    const reason = built()
    expect(Redacted.isRedacted(reason.upstreamCode)).toBe(true)
    expect(Redacted.value(reason.upstreamMessage as Redacted.Redacted<string>)).toBe("bad name")
    expect(Object.keys(reason)).not.toContain("upstreamMessage")
    expect(JSON.stringify(reason)).not.toContain("bad name")
    expect(inspect(reason, { depth: 5 })).not.toContain("bad name")
  })

  it("sets no optional field left undefined, the class's own field always, and the class's code by default", () => {
    const reason = decodedReason(
      Rejected,
      undefined,
      400,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      "param",
      undefined
    )
    expect(Object.keys(reason)).toEqual([
      "vendor",
      "category",
      "retry",
      "upstreamStatus",
      "code",
      "param",
      "_tag"
    ])
    expect(reason.code).toBe("rejected")
    expect(reason.upstreamCode).toBeUndefined()
    expect(Object.keys(decodedReason(Busy, undefined, 429))).not.toContain("param")
  })

  it("takes a category and retry that replace the class's", () => {
    const reason = decodedReason(
      Rejected,
      undefined,
      503,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      statusCategory(503)
    )
    expect([reason.category, reason.retry]).toEqual(["unavailable", "idempotent-only"])
  })

  it("leaves nothing behind for the next reason built with `new`", () => {
    built()
    const next = new Busy({ upstreamStatus: 429 })
    expect(Object.keys(next)).toEqual(["vendor", "category", "retry", "upstreamStatus", "code", "_tag"])
    expect(next.upstreamMessage).toBeUndefined()
  })
})

describe("decodedFailure", () => {
  it("gives the failure `new` gives, with every reason or the one", () => {
    const first = built()
    const second = decodedReason(Busy, undefined, 429)
    const failure = decodedFailure(KitError, first as Rejected | Busy, [first, second])
    expect(failure).toBeInstanceOf(KitError)
    expect(
      Equal.equals(failure, new KitError({ reason: first as Rejected | Busy, reasons: [first, second] }))
    ).toBe(true)
    expect(failure.reasons).toEqual([first, second])
    expect(failure.upstreamStatus).toBe(400)
    expect(failure.requestId).toBe("req-1")
    expect(decodedFailure(KitError, second as Rejected | Busy).reasons).toEqual([second])
  })

  it("fails an Effect with `yield*` and recovers typed by reason", () => {
    const failure = decodedFailure(KitError, decodedReason(Busy, undefined, 429) as Rejected | Busy)
    const exit = Effect.runSyncExit(
      Effect.gen(function* () {
        return yield* failure
      }).pipe(Effect.catchReason("KitError", "Busy", (reason) => Effect.succeed(reason.code)))
    )
    expect(exit).toEqual(Exit.succeed("busy"))
  })
})
