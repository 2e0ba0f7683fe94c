import { assert, describe, it } from "@effect/vitest"
import { type AcmeSimulatorHandle, faults, startAcmeSimulator } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import * as Tracer from "effect/Tracer"
import { afterAll, beforeAll, beforeEach, expect } from "vitest"
import { Acme, type AcmeOptions } from "../../acme/src/index.js"
import { upstreamUrl } from "../src/telemetry/upstreamUrl.js"
import { recordingTracer } from "./recordingTracer.js"

// The client spans and metrics of a vendor client (the acme sample vendor on the kit), over the
// acme simulator of @faultline/testing: real HTTP on 127.0.0.1.

let sim: AcmeSimulatorHandle
beforeAll(async () => {
  sim = await startAcmeSimulator()
})
afterAll(() => sim.close())
beforeEach(() => sim.clearFaults())

const options = (more: Partial<AcmeOptions> = {}): AcmeOptions => ({
  apiKey: Redacted.make(sim.apiKey),
  baseUrl: sim.url,
  retry: { maxAttempts: 3, baseDelay: "1 millis", maxDelay: "2 millis" },
  reconcile: { settle: 0 },
  ...more
})

// A tracer that keeps every span, and a metric registry of this test alone.
const recording = (more?: Partial<AcmeOptions>) => {
  const { spans, tracer } = recordingTracer()
  const provide = <A, E>(self: Effect.Effect<A, E, Acme>) =>
    self.pipe(
      Effect.provide(Acme.layer(options(more)).pipe(Layer.provide(FetchHttpClient.layer))),
      Effect.withTracer(tracer),
      Effect.provideService(Metric.MetricRegistry, new Map())
    )
  return { spans, provide }
}

const attributes = (span: Tracer.NativeSpan | undefined) => Object.fromEntries(span?.attributes ?? [])

const counterOf = (snapshots: ReadonlyArray<Metric.Metric.Snapshot>, id: string) =>
  snapshots
    .filter((s) => s.id === id && s.type === "Counter")
    .map((s) => ({ attributes: s.attributes, count: (s.state as { count: number }).count }))

describe("url.full", () => {
  it("keeps scheme, host, port and path; redacts user, password and every query value; drops the fragment", () => {
    const request = HttpClientRequest.get(
      "https://user:pass@api.example:8443/v1/zones/z-1?token=s3cret#top",
      {
        urlParams: { sig: "abc", name: "shop" }
      }
    )
    expect(upstreamUrl(request)?.href).toBe(
      "https://REDACTED:REDACTED@api.example:8443/v1/zones/z-1?token=REDACTED&sig=REDACTED&name=REDACTED"
    )
    expect(upstreamUrl(HttpClientRequest.get("https://api.example/v1/orders"))?.href).toBe(
      "https://api.example/v1/orders"
    )
  })
})

describe("client spans", () => {
  it.live("one client span per attempt under the call's internal span, resends numbered", () => {
    const { spans, provide } = recording()
    return Effect.gen(function* () {
      sim.inject(faults.status(503), { times: 1 })
      yield* (yield* Acme).listWidgets("shop")
      const call = spans.find((s) => s.name === "Acme.listWidgets")
      const attempts = spans.filter((s) => s.kind === "client")
      assert.strictEqual(call?.kind, "internal")
      assert.deepInclude(attributes(call), {
        "faultline.vendor": "acme",
        "faultline.route": "widgets",
        "faultline.attempts": 2
      })
      assert.notProperty(attributes(call), "peer.service")
      assert.deepStrictEqual(
        attempts.map((s) => s.name),
        ["GET", "GET"]
      )
      for (const span of attempts)
        assert.strictEqual(Option.getOrUndefined(span.parent)?.spanId, call?.spanId)
      const url = new URL(sim.url)
      assert.deepStrictEqual(attributes(attempts[0]), {
        "http.request.method": "GET",
        "server.address": url.hostname,
        "server.port": Number(url.port),
        "url.full": `${sim.url.replace(/\/$/, "")}/widgets?name=REDACTED`,
        "http.response.status_code": 503,
        "error.type": attributes(attempts[0])["error.type"]
      })
      assert.isString(attributes(attempts[0])["error.type"])
      assert.notProperty(attributes(attempts[0]), "http.request.resend_count")
      assert.strictEqual(attributes(attempts[1])["http.request.resend_count"], 1)
      assert.strictEqual(attributes(attempts[1])["http.response.status_code"], 200)
      assert.notProperty(attributes(attempts[1]), "error.type")
      assert.strictEqual(attempts[0]?.status._tag, "Ended")
      // The key never reaches a span.
      const everything = JSON.stringify(spans.map((s) => [s.name, [...s.attributes.entries()]]))
      assert.notInclude(everything, sim.apiKey)

      const retries = counterOf(yield* Metric.snapshot, "faultline.upstream.retries")
      assert.deepStrictEqual(retries, [
        {
          attributes: {
            unit: "{retry}",
            "faultline.vendor": "acme",
            "faultline.reason": String(attributes(attempts[0])["error.type"])
          },
          count: 1
        }
      ])
      assert.deepStrictEqual(counterOf(yield* Metric.snapshot, "faultline.upstream.failures"), [])
    }).pipe(provide)
  })

  it.live(
    "a failed call: error.type is the reason on both spans, counted once by vendor, reason and category",
    () => {
      const { spans, provide } = recording()
      return Effect.gen(function* () {
        const error = yield* Effect.flip((yield* Acme).getWidget(999_999))
        assert.strictEqual(error.reason._tag, "Missing")
        const call = spans.find((s) => s.name === "Acme.getWidget")
        const [attempt, ...more] = spans.filter((s) => s.kind === "client")
        assert.lengthOf(more, 0)
        assert.deepInclude(attributes(call), {
          "error.type": "Missing",
          "faultline.reason": "Missing",
          "faultline.category": "not-found",
          "faultline.attempts": 1
        })
        assert.deepInclude(attributes(attempt), {
          "http.response.status_code": 404,
          "error.type": "Missing",
          "url.full": `${sim.url.replace(/\/$/, "")}/widgets/999999`
        })
        assert.deepStrictEqual(counterOf(yield* Metric.snapshot, "faultline.upstream.failures"), [
          {
            attributes: {
              unit: "{failure}",
              "faultline.vendor": "acme",
              "faultline.reason": "Missing",
              "faultline.category": "not-found"
            },
            count: 1
          }
        ])
      }).pipe(provide)
    }
  )

  it.live("a reconciliation is counted with its outcome", () => {
    const { provide } = recording({ retry: false })
    return Effect.gen(function* () {
      // The create is processed, then the connection is reset: the lookup finds it.
      sim.inject(faults.resetAfter(), { times: 1 })
      yield* (yield* Acme).createWidget("lost-answer")
      const counted = counterOf(yield* Metric.snapshot, "faultline.reconciliations")
      assert.deepStrictEqual(counted, [
        {
          attributes: {
            unit: "{reconciliation}",
            "faultline.service": "Acme",
            "faultline.operation": "createWidget",
            "faultline.reconciliation.outcome": "found"
          },
          count: 1
        }
      ])
    }).pipe(provide)
  })

  it.effect("the limiter's wait is recorded per attempt, in seconds of effect's clock", () => {
    const { provide } = recording({ retry: false, rateLimit: [{ limit: 1, window: "1 second" }] })
    return Effect.gen(function* () {
      const acme = yield* Acme
      yield* acme.listWidgets()
      const second = yield* Effect.forkChild(acme.listWidgets())
      // Virtual time moves until the window lets the second request through.
      while (second.pollUnsafe() === undefined) {
        yield* TestClock.adjust("100 millis")
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
      }
      yield* Fiber.join(second)
      const [waits] = (yield* Metric.snapshot).filter((s) => s.id === "faultline.limiter.wait.duration")
      const state = waits?.state as { count: number; min: number; max: number }
      assert.deepStrictEqual(waits?.attributes, { unit: "s", "faultline.vendor": "acme" })
      assert.strictEqual(state.count, 2)
      // The first had its permit at once; the second waited for the window (virtual time).
      assert.strictEqual(state.min, 0)
      assert.isAbove(state.max, 0)
      assert.isAtMost(state.max, 1)
    }).pipe(provide)
  })
})
