import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
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

type Handler = (req: IncomingMessage, res: ServerResponse) => void

interface Loopback {
  readonly url: string
  readonly seen: Array<{ method: string; url: string; headers: IncomingMessage["headers"] }>
}

// A real HTTP server on 127.0.0.1 for the length of one test.
const loopback = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.callback<{ server: Server; loopback: Loopback }>((resume) => {
      const seen: Loopback["seen"] = []
      const server = createServer((req, res) => {
        seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers })
        req.resume()
        handler(req, res)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({ server, loopback: { url: `http://127.0.0.1:${port}`, seen } }))
      })
    }),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  ).pipe(Effect.map(({ loopback }) => loopback))

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
      const elsewhere = yield* loopback((_req, res) => res.end('{"id":1}'))
      for (const status of [301, 302, 303, 307, 308]) {
        const origin = yield* loopback((_req, res) => {
          res.writeHead(status, { location: `${elsewhere.url}/stolen` })
          res.end()
        })
        const error = yield* Effect.flip(send(`${origin.url}/commit.json`, {}, "PUT"))
        assert.strictEqual(reasonOf(error)._tag, "UnexpectedRedirect")
        assert.strictEqual(reasonOf(error).code, `http_${status}`)
        assert.strictEqual(reasonOf(error).category, "misconfigured")
        assert.strictEqual(reasonOf(error).retry, "never")
        assert.strictEqual(origin.seen.length, 1)
      }
      assert.strictEqual(elsewhere.seen.length, 0)
    })
  )

  it.live("fails a body past the cap while reading it, and a declared length past it unread", () =>
    Effect.gen(function* () {
      const chunked = yield* loopback((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.write("x".repeat(1000))
        res.end("y".repeat(100))
      })
      const streamed = yield* Effect.flip(send(chunked.url))
      assert.strictEqual(reasonOf(streamed)._tag, "ResponseTooLarge")
      assert.strictEqual(reasonOf(streamed).upstreamStatus, 200)
      assert.strictEqual(reasonOf(streamed).retry, "never")

      const declared = yield* loopback((_req, res) => {
        res.writeHead(503, { "content-length": "5000000" })
        res.write("<html>")
      })
      const unread = yield* Effect.flip(send(declared.url))
      assert.strictEqual(reasonOf(unread)._tag, "ResponseTooLarge")
      // A 503 page is still unavailability, however long.
      assert.strictEqual(reasonOf(unread).category, "unavailable")

      const fits = yield* loopback((_req, res) => res.end("z".repeat(1024)))
      assert.strictEqual((yield* send(fits.url)).body.length, 1024)
    })
  )

  it.effect("times out an attempt whose body stalls after the headers", () =>
    Effect.gen(function* () {
      let headersSent = false
      const stalled = yield* loopback((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.write('{"partial":')
        headersSent = true
      })
      const fiber = yield* Effect.forkChild(Effect.flip(send(stalled.url, { timeout: Duration.seconds(2) })))
      // Move the clock only once the server has answered the headers and stalled.
      while (!headersSent) yield* Effect.promise(() => new Promise((r) => setTimeout(r, 5)))
      yield* Effect.promise(() => new Promise((r) => setTimeout(r, 20)))
      yield* TestClock.adjust("2 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(reasonOf(error)._tag, "UpstreamTimeout")
      assert.strictEqual(reasonOf(error).vendor, "acme")
    })
  )

  it.live("classifies transport errors under the vendor's name", () =>
    Effect.gen(function* () {
      const reset = yield* loopback((req) => req.socket.destroy())
      const error = yield* Effect.flip(send(reset.url))
      assert.strictEqual(reasonOf(error)._tag, "TransportFault")
      assert.strictEqual(reasonOf(error).vendor, "acme")
    })
  )

  it.live("writes the secret last, sends no trace context, and shows the secret to no tracer", () =>
    Effect.gen(function* () {
      const upstream = yield* loopback((_req, res) => res.end('{"ok":true}'))
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
      const result = yield* send(upstream.url).pipe(
        Effect.withSpan("app.call"),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      assert.strictEqual(result.status, 200)
      const headers = upstream.seen[0]?.headers ?? {}
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
