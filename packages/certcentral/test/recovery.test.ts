import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { CertCentral, layer } from "../src/CertCentral.js"
import { csr, placeOrder, simulator } from "./simulator.js"

const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

// The README's flow: the program only asks for `CertCentral`; the layer is provided once, at the
// app's edge (a ManagedRuntime), so every call shares one client and one rate limiter.
const issue = Effect.gen(function* () {
  const certcentral = yield* CertCentral
  const order = yield* certcentral.submitOrder("ssl_basic", {
    certificate: { common_name: "example.com", csr, signature_hash: "sha256" },
    order_validity: { years: 1 },
    dcv_method: "dns-txt-token"
  })
  return yield* certcentral
    .checkDcv(order.id)
    .pipe(
      Effect.catchReason("CertCentralError", "InvalidDnsTxt", (reason) =>
        Effect.succeed({ dcv_status: `pending (${reason.category})` })
      )
    )
})

describe("typed recovery", () => {
  it.live("the README flow: order, then recover a pending DCV check with catchReason", () =>
    Effect.gen(function* () {
      // No TXT record anywhere yet: the simulator's check-dcv answers invalid_dns_txt.
      const sim = yield* simulator("k")
      const runtime = ManagedRuntime.make(
        layer({ apiKey: Redacted.make("k"), baseUrl: sim.url }).pipe(Layer.provide(FetchHttpClient.layer))
      )
      const result = yield* Effect.promise(() => runtime.runPromise(issue)).pipe(
        Effect.ensuring(runtime.disposeEffect)
      )
      assert.deepStrictEqual(result, { dcv_status: "pending (conflict)" })
      const id = sim.orders()[0]?.id
      assert.deepStrictEqual(
        sim.requests.map((s) => s.path),
        ["/services/v2/order/certificate/ssl_basic", `/services/v2/order/certificate/${id}/check-dcv`]
      )
    })
  )
})

describe("one layer build, one rate limiter", () => {
  const getOrder = (id: number) =>
    Effect.gen(function* () {
      return yield* (yield* CertCentral).getOrder(id)
    })

  it.live("calls through one ManagedRuntime share the limiter", () =>
    Effect.gen(function* () {
      const sim = yield* simulator("k")
      const id = yield* placeOrder(sim, "k")
      const seen = () => sim.requests.length - 1
      // One request per 5 s: only the first of three concurrent calls may go out now.
      const runtime = ManagedRuntime.make(
        layer({
          apiKey: Redacted.make("k"),
          baseUrl: sim.url,
          rateLimit: [{ limit: 1, window: "5 seconds" }]
        }).pipe(Layer.provide(FetchHttpClient.layer))
      )
      const fibers = [
        runtime.runFork(getOrder(id)),
        runtime.runFork(getOrder(id)),
        runtime.runFork(getOrder(id))
      ]
      for (let i = 0; i < 2000 && seen() < 1; i++) yield* realTick
      for (let i = 0; i < 100; i++) yield* realTick
      assert.strictEqual(seen(), 1)
      yield* Fiber.interruptAll(fibers)
      yield* Effect.promise(() => runtime.dispose())
    })
  )

  it.effect("each build of the layer has its own in-memory limiter (why it is provided once)", () =>
    Effect.gen(function* () {
      const sim = yield* simulator("k")
      const id = yield* placeOrder(sim, "k")
      const live = layer({
        apiKey: Redacted.make("k"),
        baseUrl: sim.url,
        rateLimit: [{ limit: 1, window: "5 seconds" }]
      }).pipe(Layer.provide(FetchHttpClient.layer))
      // Providing the layer per call builds it per call: two limiters, so both requests go out at once.
      yield* Effect.all([Effect.provide(getOrder(id), live), Effect.provide(getOrder(id), live)], {
        concurrency: "unbounded"
      })
      assert.strictEqual(sim.requests.length, 1 + 2)
    })
  )
})
