// The rules core's adapter SPI gives both adapters; nest-adapter/test/parity.test.ts checks the same.
import * as http from "node:http"
import { type FailureDescription, retryUpstream } from "@faultline/core"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import express, { type Express, type RequestHandler } from "express"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import { type EffectRunner, effectHandler, type FailureContext, upstreamErrorHandler } from "../src/index.js"
import { byCategory, doLikeRunning, transportError } from "@faultline/acme-vendor"
import { type Served, serve } from "./serve.js"

let served: Served | undefined
const start = async (app: Express): Promise<string> => {
  served = await serve(app)
  return served.url
}
afterEach(async () => {
  await served?.close()
  served = undefined
})

const recording = () => {
  const reported: Array<{ description: FailureDescription; context: FailureContext }> = []
  const handler = upstreamErrorHandler({
    onFailure: (description, context) => reported.push({ description, context })
  })
  return { reported, handler }
}

describe("the app's explicit answer", () => {
  it("keeps an error's own status, even with an upstream cause: Express answers it, unreported", async () => {
    const { reported, handler } = recording()
    const app = express()
    app.get("/status", () => {
      throw Object.assign(new Error("Order is locked", { cause: doLikeRunning("REQ-LOCK-2") }), {
        status: 423
      })
    })
    app.get("/status-code", () => {
      throw Object.assign(new Error("Upstream down", { cause: byCategory.timeout() }), { statusCode: 503 })
    })
    app.get("/http-errors", () => {
      throw Object.assign(new Error("Gone", { cause: byCategory["not-found"]() }), {
        status: 410,
        statusCode: 410,
        expose: true
      })
    })
    app.use(handler)
    const url = await start(app)
    for (const [path, status] of [
      ["/status", 423],
      ["/status-code", 503],
      ["/http-errors", 410]
    ] as const) {
      const res = await request(url).get(path)
      expect(res.status, path).toBe(status)
      expect(res.headers["content-type"], path).not.toMatch(/problem\+json/)
      expect(res.headers["x-request-id"], path).toBeUndefined()
      expect(res.headers["x-upstream-request-id"], path).toBeUndefined()
    }
    expect(reported).toEqual([])
  })
})

describe("too late to answer", () => {
  it("reports the status already sent, marked aborted, and Express aborts the response", async () => {
    const { reported, handler } = recording()
    const firstChunk = Effect.runSync(Deferred.make<void>())
    const app = express()
    app.get("/stream", (_req, res, next) => {
      res.writeHead(203, { "content-type": "text/plain" })
      res.write("partial ")
      // Fails once the client has the first chunk.
      void Effect.runPromise(Deferred.await(firstChunk)).then(() => next(doLikeRunning("REQ-LATE-1")))
    })
    app.use(handler)
    const url = await start(app)
    const outcome = await new Promise<{ status: number | undefined; body: string; complete: boolean }>(
      (resolve) => {
        http
          .get(`${url}/stream`, { headers: { "x-request-id": "late-req-1" } }, (res) => {
            let body = ""
            res.setEncoding("utf8")
            res.on("data", (chunk: string) => {
              body += chunk
              Effect.runSync(Deferred.succeed(firstChunk, undefined))
            })
            res.on("error", () => {})
            res.on("close", () => resolve({ status: res.statusCode, body, complete: res.complete }))
          })
          .on("error", () => resolve({ status: undefined, body: "", complete: false }))
      }
    )
    expect(outcome).toEqual({ status: 203, body: "partial ", complete: false })
    expect(reported).toHaveLength(1)
    expect(reported[0]!.description.upstreamRequestId).toBe("REQ-LATE-1")
    expect(reported[0]!.context).toMatchObject({ status: 203, aborted: true, requestId: "late-req-1" })
  })

  it("marks a failure answered with a problem as not aborted", async () => {
    const { reported, handler } = recording()
    const app = express()
    app.get("/fail", () => {
      throw byCategory.conflict()
    })
    app.use(handler)
    const url = await start(app)
    expect((await request(url).get("/fail")).status).toBe(409)
    expect(reported.map((r) => [r.context.status, r.context.aborted])).toEqual([[409, false]])
  })
})

describe("a client that is already gone", () => {
  it("interrupts the handler's Effect at once: its finalizers run, nothing is sent or passed on", async () => {
    const arrived = Effect.runSync(Deferred.make<void>())
    const finalized = Effect.runSync(Deferred.make<void>())
    let interrupted = false
    const exits: Array<Exit.Exit<unknown, unknown>> = []
    const passed: Array<unknown> = []
    // A real runtime, watched: the test learns how the handler's Effect ended.
    const runner: EffectRunner<never> = {
      runFork: (effect, options) => {
        const fiber = Effect.runFork(effect, options)
        fiber.addObserver((exit) => exits.push(exit))
        return fiber
      }
    }
    // Holds the request (as a body parser or an auth check would) until the client has left.
    const slowMiddleware: RequestHandler = (_req, res, next) => {
      res.once("close", () => next())
      Effect.runSync(Deferred.succeed(arrived, undefined))
    }
    const app = express()
    app.get(
      "/late",
      slowMiddleware,
      effectHandler(
        () =>
          Effect.never.pipe(
            Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))),
            Effect.ensuring(Deferred.succeed(finalized, undefined))
          ),
        { runtime: runner }
      )
    )
    app.use(((err, _req, _res, next) => {
      passed.push(err)
      next(err)
    }) as express.ErrorRequestHandler)
    const url = await start(app)
    const client = http.get(`${url}/late`)
    const clientError = new Promise<string>((resolve) => client.on("error", (e) => resolve(e.message)))
    await Effect.runPromise(Deferred.await(arrived))
    client.destroy()
    expect(await clientError).toMatch(/socket hang up|aborted/)
    await Effect.runPromise(Deferred.await(finalized))
    expect(interrupted).toBe(true)
    // Let the handler's continuation run: an interruption is no error for next().
    await new Promise((resolve) => setImmediate(resolve))
    expect(exits).toHaveLength(1)
    expect(Exit.hasInterrupts(exits[0]!)).toBe(true)
    expect(passed).toEqual([])
  })
})

describe("the server span", () => {
  const spanOf = effectHandler(() =>
    Effect.map(Effect.currentSpan, (span) => ({
      name: span.name,
      kind: span.kind,
      attributes: Object.fromEntries(span.attributes)
    }))
  )

  it("is the same as in the Nest adapter: METHOD /route/template, kind server, HTTP attributes", async () => {
    const app = express()
    const router = express.Router()
    router.get("/orders/:id", spanOf)
    app.use("/api", router)
    app.use(spanOf)
    const url = await start(app)
    expect((await request(url).get("/api/orders/o-77")).body).toEqual({
      name: "GET /api/orders/:id",
      kind: "server",
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/orders/:id",
        "url.path": "/api/orders/o-77",
        "url.scheme": "http"
      }
    })
    // A handler mounted as middleware matched no route: the method alone, as OpenTelemetry names it.
    expect((await request(url).post("/anything/else")).body).toEqual({
      name: "POST",
      kind: "server",
      attributes: { "http.request.method": "POST", "url.path": "/anything/else", "url.scheme": "http" }
    })
  })
})

describe("attempts", () => {
  it("reports the attempts the client really made, counted once", async () => {
    const { reported, handler } = recording()
    let sent = 0
    const app = express()
    app.get(
      "/flaky",
      effectHandler(() =>
        Effect.suspend(() => {
          sent++
          return Effect.fail(transportError(new Error("ECONNRESET")))
        }).pipe(retryUpstream({ idempotent: true, maxAttempts: 3, baseDelay: 0, jitter: false }))
      )
    )
    app.use(handler)
    const url = await start(app)
    const res = await request(url).get("/flaky")
    expect(res.status).toBe(502)
    expect(sent).toBe(3)
    expect(reported.map((r) => r.description.attempts)).toEqual([3])
  })
})
