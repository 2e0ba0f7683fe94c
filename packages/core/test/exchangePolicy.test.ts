import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { CertCentralSimulator, faults } from "@faultline/testing"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import * as Tracer from "effect/Tracer"
import { type ExchangePolicy, withExchangePolicy } from "../src/exchangePolicy.js"
import type { UpstreamError } from "../src/UpstreamError.js"

// A real upstream on 127.0.0.1 for the length of one test: @faultline/testing's simulator, whose
// injected faults (redirects, huge or stalled bodies, resets) are vendor-neutral HTTP behaviour.
const upstream = CertCentralSimulator.scoped({ rateLimits: [] }).pipe(Effect.orDie)

const secretKey = "sk_live_CANARY_7f3a9c"

const policy = (overrides: Partial<ExchangePolicy> = {}): ExchangePolicy => ({
  vendor: "acme",
  timeout: Duration.seconds(5),
  maxResponseBytes: 1024,
  secretHeaders: ["x-acme-key"],
  authorize: (request) =>
    Effect.succeed(
      HttpClientRequest.setHeader(request, "x-acme-key", Redacted.value(Redacted.make(secretKey)))
    ),
  ...overrides
})

const send = (url: string, options: Partial<ExchangePolicy> = {}, method: "GET" | "PUT" = "GET") =>
  Effect.gen(function* () {
    const client = withExchangePolicy(policy(options))(yield* HttpClient.HttpClient)
    const response = yield* client.execute(HttpClientRequest.make(method)(url))
    return { status: response.status, body: yield* response.text }
  }).pipe(Effect.provide(FetchHttpClient.layer))

const reasonOf = (error: unknown) => (error as UpstreamError).reason

describe("withExchangePolicy", () => {
  it.live("answers a redirect with UnexpectedRedirect, sending exactly one request", () =>
    Effect.gen(function* () {
      const elsewhere = yield* upstream
      for (const status of [301, 302, 303, 307, 308] as const) {
        const origin = yield* upstream
        origin.inject(faults.redirect(`${elsewhere.url}stolen`, status))
        const error = yield* Effect.flip(send(`${origin.url}commit.json`, {}, "PUT"))
        assert.strictEqual(reasonOf(error)._tag, "UnexpectedRedirect")
        assert.strictEqual(reasonOf(error).code, `http_${status}`)
        assert.strictEqual(reasonOf(error).category, "misconfigured")
        assert.strictEqual(reasonOf(error).retry, "never")
        assert.strictEqual(origin.requests.length, 1)
      }
      assert.strictEqual(elsewhere.requests.length, 0)
    })
  )

  it.live("fails a body past the cap while reading it, and a declared length past it unread", () =>
    Effect.gen(function* () {
      const sim = yield* upstream
      // 1100 bytes, chunked: only reading reveals the size.
      sim.inject(faults.largeBody(1100, { status: 200, contentLength: false }))
      const streamed = yield* Effect.flip(send(sim.url))
      assert.strictEqual(reasonOf(streamed)._tag, "ResponseTooLarge")
      assert.strictEqual(reasonOf(streamed).upstreamStatus, 200)
      assert.strictEqual(reasonOf(streamed).retry, "never")

      sim.inject(faults.largeBody(5_000_000, { status: 503, contentType: "text/html" }))
      const unread = yield* Effect.flip(send(sim.url))
      assert.strictEqual(reasonOf(unread)._tag, "ResponseTooLarge")
      // A 503 page is still unavailability, however long.
      assert.strictEqual(reasonOf(unread).category, "unavailable")

      sim.inject(faults.status(200, "z".repeat(1024)))
      assert.strictEqual((yield* send(sim.url)).body.length, 1024)
      assert.strictEqual(sim.requests.length, 3)
    })
  )

  it.effect("times out an attempt whose body stalls after the headers", () =>
    Effect.gen(function* () {
      const stalled = yield* upstream
      stalled.inject(faults.stall({ status: 200, body: '{"partial":' }))
      const fiber = yield* Effect.forkChild(Effect.flip(send(stalled.url, { timeout: Duration.seconds(2) })))
      // Move the clock only once the server has answered the headers and stalled.
      while (stalled.hanging === 0) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 5)))
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 20)))
      yield* TestClock.adjust("2 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(reasonOf(error)._tag, "UpstreamTimeout")
      assert.strictEqual(reasonOf(error).vendor, "acme")
    })
  )

  it.live("classifies transport errors under the vendor's name", () =>
    Effect.gen(function* () {
      const reset = yield* upstream
      reset.inject(faults.resetBefore())
      const error = yield* Effect.flip(send(reset.url))
      assert.strictEqual(reasonOf(error)._tag, "TransportFault")
      assert.strictEqual(reasonOf(error).vendor, "acme")
    })
  )

  it.live("writes the secret last, sends no trace context, and shows the secret to no tracer", () =>
    Effect.gen(function* () {
      const sim = yield* upstream
      sim.inject(faults.json(200, { ok: true }))
      const seenBySpans: Array<unknown> = []
      const tracer = Tracer.make({
        span: (options) => {
          const span = new Tracer.NativeSpan(options)
          const end = span.end.bind(span)
          span.end = (endTime, exit) => {
            seenBySpans.push(span, exit, [...span.attributes.entries()])
            end(endTime, exit)
          }
          return span
        }
      })
      const result = yield* send(sim.url).pipe(
        Effect.withSpan("app.call"),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      assert.strictEqual(result.status, 200)
      // The simulator redacts only its vendors' own credential headers: this one is recorded as sent.
      const headers = sim.requests[0]?.headers ?? {}
      assert.strictEqual(headers["x-acme-key"], secretKey)
      assert.isUndefined(headers.traceparent)
      assert.isUndefined(headers.b3)
      assert.isAbove(seenBySpans.length, 0)
      for (const value of seenBySpans) {
        assert.notInclude(inspect(value, { depth: 12, showHidden: true }), secretKey)
        assert.notInclude(
          JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? "",
          secretKey
        )
      }
    })
  )
})
