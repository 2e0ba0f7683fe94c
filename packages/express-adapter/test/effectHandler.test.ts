import * as http from "node:http"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import express, { type ErrorRequestHandler, type Express } from "express"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import { effectHandler, upstreamErrorHandler } from "../src/index.js"
import { byCategory, doLikeRunning, transportError } from "@faultline/acme-vendor"
import { type Served, serve } from "./serve.js"

class Orders extends Context.Service<
  Orders,
  { readonly find: (id: string) => Effect.Effect<{ readonly id: string; readonly status: string }, unknown> }
>()("test/Orders") {}

const OrdersLive = Layer.succeed(Orders)({
  find: (id) =>
    id === "busy" ? Effect.fail(doLikeRunning("REQ-BUSY-9")) : Effect.succeed({ id, status: "issued" })
})

const appWith = (routes: (app: Express) => void) => {
  const app = express()
  const passed: Array<unknown> = []
  routes(app)
  app.use(upstreamErrorHandler())
  const after: ErrorRequestHandler = (err, _req, res, _next) => {
    passed.push(err)
    res.status(418).json({ passedOn: true })
  }
  app.use(after)
  return { app, passed }
}

let served: Served | undefined
const start = async (app: Express): Promise<string> => {
  served = await serve(app)
  return served.url
}
afterEach(async () => {
  await served?.close()
  served = undefined
})

describe("effectHandler: success", () => {
  it("sends the value as JSON, undefined as 204, and respects a status or response set by the handler", async () => {
    const { app } = appWith((app) => {
      app.get(
        "/value",
        effectHandler((req) => Effect.succeed({ hello: req.query.name ?? "world" }))
      )
      app.post(
        "/none",
        effectHandler(() => Effect.void)
      )
      app.post(
        "/created",
        effectHandler((_req, res) => Effect.sync(() => res.status(201)).pipe(Effect.as({ id: "o-1" })))
      )
      app.get(
        "/self",
        effectHandler((_req, res) => Effect.sync(() => void res.type("text").send("sent by the handler")))
      )
    })
    const url = await start(app)
    const value = await request(url).get("/value?name=faultline")
    expect(value.status).toBe(200)
    expect(value.headers["content-type"]).toMatch(/^application\/json/)
    expect(value.body).toEqual({ hello: "faultline" })
    const none = await request(url).post("/none")
    expect(none.status).toBe(204)
    expect(none.text).toBe("")
    const created = await request(url).post("/created")
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ id: "o-1" })
    const self = await request(url).get("/self")
    expect(self.status).toBe(200)
    expect(self.text).toBe("sent by the handler")
  })

  it("runs the Effect in a server span named for the route template", async () => {
    const { app } = appWith((app) => {
      const router = express.Router()
      router.get(
        "/orders/:id",
        effectHandler(() =>
          Effect.map(Effect.currentSpan, (span) => ({
            name: span.name,
            kind: span.kind,
            attributes: Object.fromEntries(span.attributes)
          }))
        )
      )
      app.use("/api", router)
    })
    const url = await start(app)
    const res = await request(url).get("/api/orders/12345")
    expect(res.body).toEqual({
      name: "GET /api/orders/:id",
      kind: "server",
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/orders/:id",
        "url.path": "/api/orders/12345",
        "url.scheme": "http"
      }
    })
  })

  it("provides the app's services through its runtime", async () => {
    const runtime = ManagedRuntime.make(OrdersLive)
    try {
      const { app } = appWith((app) => {
        app.get(
          "/orders/:id",
          effectHandler((req) => Orders.use((orders) => orders.find(String(req.params.id))), { runtime })
        )
      })
      const url = await start(app)
      const ok = await request(url).get("/orders/o-7")
      expect(ok.body).toEqual({ id: "o-7", status: "issued" })
      const busy = await request(url).get("/orders/busy")
      expect(busy.status).toBe(409)
      expect(busy.headers["content-type"]).toMatch(/^application\/problem\+json/)
      expect(busy.headers["x-upstream-request-id"]).toBe("REQ-BUSY-9")
    } finally {
      await runtime.dispose()
    }
  })
})

describe("effectHandler: failure", () => {
  it("maps an upstream failure exactly as a thrown one", async () => {
    const { app } = appWith((app) => {
      app.get(
        "/effect",
        effectHandler(() => Effect.fail(byCategory.throttled()))
      )
      app.get("/thrown", () => {
        throw byCategory.throttled()
      })
    })
    const url = await start(app)
    const viaEffect = await request(url)
      .get("/effect")
      .set("X-Request-Id", "same-1")
      .set("Accept-Language", "ja")
    const viaThrow = await request(url)
      .get("/thrown")
      .set("X-Request-Id", "same-1")
      .set("Accept-Language", "ja")
    expect(viaEffect.status).toBe(503)
    expect(viaEffect.body).toEqual(viaThrow.body)
    const { date: _a, ...effectHeaders } = viaEffect.headers
    const { date: _b, ...thrownHeaders } = viaThrow.headers
    expect(effectHeaders).toEqual(thrownHeaders)
  })

  it("finds an upstream failure among defects and parallel failures", async () => {
    const { app } = appWith((app) => {
      app.get(
        "/die",
        effectHandler(() => Effect.die(byCategory["not-found"]()))
      )
      app.get(
        "/both",
        // Effect.runPromise would reject with the first failure and lose the upstream defect.
        effectHandler(() =>
          Effect.failCause(
            Cause.fromReasons<unknown>([
              Cause.makeFailReason(new Error("first, not ours")),
              Cause.makeDieReason(byCategory.timeout())
            ])
          )
        )
      )
      app.get(
        "/sync-throw",
        effectHandler(() => {
          throw byCategory.conflict()
        })
      )
    })
    const url = await start(app)
    expect((await request(url).get("/die")).status).toBe(404)
    expect((await request(url).get("/both")).status).toBe(504)
    expect((await request(url).get("/sync-throw")).status).toBe(409)
  })

  it("passes an HttpClientError on classified, without the request it carried", async () => {
    const seen: Array<unknown> = []
    const app = express()
    app.get(
      "/transport",
      effectHandler(() => Effect.fail(transportError(new Error("ECONNRESET"))))
    )
    const spy: ErrorRequestHandler = (err, _req, _res, next) => {
      seen.push(err)
      next(err)
    }
    app.use(spy, upstreamErrorHandler())
    const url = await start(app)
    const res = await request(url).get("/transport")
    expect(res.status).toBe(502)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ _tag: "UpstreamError", reason: { _tag: "TransportFault" } })
    expect(JSON.stringify(seen[0])).not.toContain("SECRET")
  })

  it("passes other failures and defects on untouched, as Effect.runPromise would reject them", async () => {
    const failure = new Error("domain failure")
    const defect = new TypeError("bug")
    const { app, passed } = appWith((app) => {
      app.get(
        "/fail",
        effectHandler(() => Effect.fail(failure))
      )
      app.get(
        "/die",
        effectHandler(() => Effect.die(defect))
      )
      app.get(
        "/string",
        effectHandler(() => Effect.fail("plain string"))
      )
    })
    const url = await start(app)
    expect((await request(url).get("/fail")).status).toBe(418)
    expect((await request(url).get("/die")).status).toBe(418)
    expect((await request(url).get("/string")).status).toBe(418)
    expect(passed).toEqual([failure, defect, "plain string"])
    expect(passed[0]).toBe(failure)
    expect(passed[1]).toBe(defect)
  })
})

describe("effectHandler: failures Express would read as routing instructions", () => {
  const instructions: ReadonlyArray<readonly [string, unknown]> = [
    ["undefined", undefined],
    ["null", null],
    ["false", false],
    ["zero", 0],
    ["empty", ""],
    ["route", "route"],
    ["router", "router"]
  ]

  it.each(instructions)(
    "passes a failure of %s on as an Error, never resuming routing",
    async (_name, value) => {
      let nextRouteRan = false
      const { app, passed } = appWith((app) => {
        const router = express.Router()
        router.get(
          "/x",
          effectHandler(() => Effect.fail(value))
        )
        // What next(), next("route") or next("router") would run instead of an error handler.
        router.get("/x", (_req, res) => {
          nextRouteRan = true
          res.json({ ranNextRoute: true })
        })
        app.use(router)
        app.get("/x", (_req, res) => {
          nextRouteRan = true
          res.json({ ranNextRouter: true })
        })
      })
      const url = await start(app)
      const res = await request(url).get("/x")
      expect(res.status).toBe(418)
      expect(nextRouteRan).toBe(false)
      expect(passed).toHaveLength(1)
      const error = passed[0] as Error
      expect(error).toBeInstanceOf(Error)
      expect(error.message).toBe("Effect failed")
      expect(error.cause).toBe(value)
      // Attached like `new Error(message, { cause })`: not enumerable, so not serialised by accident.
      expect(Object.keys(error)).toEqual([])
      expect(Object.getOwnPropertyDescriptor(error, "cause")?.enumerable).toBe(false)
    }
  )

  it("does the same for a defect of undefined", async () => {
    const { app, passed } = appWith((app) => {
      app.get(
        "/die",
        effectHandler(() => Effect.die(undefined))
      )
      app.get("/die", (_req, res) => res.json({ ranNextRoute: true }))
    })
    const url = await start(app)
    expect((await request(url).get("/die")).status).toBe(418)
    expect(passed).toHaveLength(1)
    expect((passed[0] as Error).message).toBe("Effect failed")
  })
})

describe("effectHandler: interruption", () => {
  it("interrupts the fiber when the client disconnects, runs its finalizers and sends nothing", async () => {
    const started = Effect.runSync(Deferred.make<void>())
    const finalized = Effect.runSync(Deferred.make<void>())
    let interrupted = false
    const { app, passed } = appWith((app) => {
      app.get(
        "/forever",
        effectHandler(() =>
          Deferred.succeed(started, undefined).pipe(
            Effect.andThen(Effect.never),
            Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))),
            Effect.ensuring(Deferred.succeed(finalized, undefined))
          )
        )
      )
    })
    const url = await start(app)
    const client = http.get(`${url}/forever`)
    const clientClosed = new Promise<string>((resolve) => client.on("error", (e) => resolve(e.message)))
    await Effect.runPromise(Deferred.await(started))
    client.destroy()
    expect(await clientClosed).toMatch(/socket hang up|aborted/)
    await Effect.runPromise(Deferred.await(finalized).pipe(Effect.timeout("5 seconds")))
    expect(interrupted).toBe(true)
    // Give the handler's continuation a turn: the interruption must not reach next() as an error.
    await new Promise((resolve) => setImmediate(resolve))
    expect(passed).toEqual([])
  })

  it("does not interrupt a handler whose response finished", async () => {
    let interrupted = false
    const { app } = appWith((app) => {
      app.get(
        "/quick",
        effectHandler(() =>
          Effect.succeed({ ok: true }).pipe(Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))))
        )
      )
    })
    const url = await start(app)
    expect((await request(url).get("/quick")).body).toEqual({ ok: true })
    expect(interrupted).toBe(false)
  })
})
