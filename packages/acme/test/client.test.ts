import { assert, describe, it } from "@effect/vitest"
import { type AcmeSimulatorHandle, faults, startAcmeSimulator } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, beforeEach } from "vitest"
import { Acme, type AcmeOptions, validateAcmeOptions } from "../src/index.js"

// The acme client over the acme simulator of @faultline/testing: real HTTP on 127.0.0.1.

let sim: AcmeSimulatorHandle
beforeAll(async () => {
  sim = await startAcmeSimulator()
})
afterAll(() => sim.close())
beforeEach(() => sim.clearFaults())

const options = (more: Partial<AcmeOptions> = {}): AcmeOptions => ({
  ...sim.clientOptions,
  retry: false,
  reconcile: { settle: 0 },
  ...more
})
const withAcme =
  (more?: Partial<AcmeOptions>) =>
  <A, E>(self: Effect.Effect<A, E, Acme>) =>
    Effect.provide(self, Acme.layer(options(more)).pipe(Layer.provide(FetchHttpClient.layer)))

describe("Acme client", () => {
  it.live("creates a widget and reads it back", () =>
    Effect.gen(function* () {
      const acme = yield* Acme
      const made = yield* acme.createWidget("first")
      assert.deepStrictEqual(yield* acme.getWidget(made.id), made)
      assert.isTrue(sim.requests.every((r) => r.authenticated))
    }).pipe(withAcme())
  )

  it.live("a missing widget is the typed Missing, its status read from the reason", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Acme).getWidget(999_999))
      assert.strictEqual(error._tag, "AcmeError")
      assert.strictEqual(error.reason._tag, "Missing")
      assert.strictEqual(error.upstreamStatus, 404)
      assert.strictEqual(error.upstreamStatus, error.reason.upstreamStatus)
    }).pipe(withAcme())
  )

  it.live("a rejected name names the field; acme's own message stays redacted", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Acme).createWidget("Not A Name"))
      assert.strictEqual(error.reason._tag, "BadField")
      assert.deepStrictEqual(error.reason.issues, [{ param: "name", code: "invalid_value" }])
      assert.notInclude(JSON.stringify(error), "acme says")
    }).pipe(withAcme())
  )

  it.live("a wrong key is misconfigured", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip((yield* Acme).listWidgets())
      assert.strictEqual(error.reason._tag, "BadKey")
      assert.strictEqual(error.reason.category, "misconfigured")
    }).pipe(withAcme({ apiKey: Redacted.make("wrong-key") }))
  )

  it.live("a create whose answer was lost is found by listing, never sent twice", () =>
    Effect.gen(function* () {
      sim.inject(faults.resetAfter(), { method: "POST" })
      const before = sim.requests.length
      const made = yield* (yield* Acme).createWidget("lost-answer")
      assert.strictEqual(made.name, "lost-answer")
      assert.deepStrictEqual(
        sim.widgets().filter((w) => w.name === "lost-answer"),
        [made]
      )
      const sent = sim.requests.slice(before).map((r) => r.method)
      assert.deepStrictEqual(sent, ["POST", "GET"])
    }).pipe(withAcme())
  )

  it.live("a create lost before it was read is proven absent and sent once more", () =>
    Effect.gen(function* () {
      sim.inject(faults.resetBefore(), { method: "POST" })
      const made = yield* (yield* Acme).createWidget("sent-again")
      assert.strictEqual(sim.widgets().filter((w) => w.name === "sent-again").length, 1)
      assert.strictEqual(made.name, "sent-again")
    }).pipe(withAcme())
  )

  it.live("without reconciliation a lost create fails as it happened", () =>
    Effect.gen(function* () {
      sim.inject(faults.resetAfter(), { method: "POST" })
      const error = yield* Effect.flip((yield* Acme).createWidget("unreconciled"))
      assert.strictEqual(error._tag, "UpstreamError")
      assert.strictEqual(error.reason._tag, "TransportFault")
      assert.strictEqual(error.attempts, 1)
    }).pipe(withAcme({ reconcile: false }))
  )
})

describe("Acme options", () => {
  const fails = (o: unknown) => Effect.runSync(Effect.flip(validateAcmeOptions(o as AcmeOptions)))

  it("names the option at fault, common or acme's own", () => {
    assert.strictEqual(fails({ apiKey: "plain" }).option, "apiKey")
    assert.strictEqual(fails({ apiKey: Redacted.make("k"), timeout: 0 }).option, "timeout")
    assert.strictEqual(
      fails({ apiKey: Redacted.make("k"), reconcile: { settle: -1 } }).option,
      "reconcile.settle"
    )
    assert.strictEqual(
      fails({ apiKey: Redacted.make("k"), retry: { maxAttempts: 0 } }).option,
      "retry.maxAttempts"
    )
    assert.strictEqual(fails({ apiKey: Redacted.make("k"), timeouts: "1 second" }).option, "timeouts")
  })
})
