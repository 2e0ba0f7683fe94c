import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { Controller, Get, type INestApplication } from "@nestjs/common"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { of } from "rxjs"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FaultlineModule, FaultlineRuntime } from "../src/index.js"
import { boot, Orders, OrdersController, platforms } from "./app.js"
import { doApiFailure, fail, reasons } from "@faultline/acme-vendor"

// Orders "o-1" exists; "o-busy" is locked upstream (a DO-API-like failure); anything else is unknown.
const ordersLayer = (events: Array<string>) =>
  Layer.effect(Orders)(
    Effect.acquireRelease(
      Effect.sync(() => {
        events.push("acquired")
        return Orders.of({
          status: (id) =>
            id === "o-1"
              ? Effect.succeed("issued")
              : id === "o-busy"
                ? Effect.fail(doApiFailure())
                : Effect.fail(fail(reasons["not-found"]()))
        })
      }),
      () => Effect.sync(() => events.push("released"))
    )
  )

describe.each(platforms)("Effect-returning controllers on %s", (platform) => {
  const events: Array<string> = []
  let app: INestApplication

  beforeAll(async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ layer: ordersLayer(events), onFailure: () => {} })],
      controllers: [OrdersController]
    })
  })
  afterAll(async () => {
    await app.close()
    // The module owns the runtime it built from the layer and releases it on shutdown.
    expect(events).toEqual(["acquired", "released"])
  })

  const get = (path: string) => request(app.getHttpServer()).get(path)

  it("builds the layer once, at startup", () => {
    expect(events).toEqual(["acquired"])
  })

  it("answers with the Effect's value", async () => {
    const res = await get("/orders/o-1")
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ id: "o-1", status: "issued" })
    expect(events).toEqual(["acquired"])
  })

  it("maps the Effect's upstream failure through the filter", async () => {
    const missing = await get("/orders/o-404")
    expect(missing.status).toBe(404)
    expect(missing.headers["content-type"]).toMatch(/^application\/problem\+json/)
    expect(missing.body.code).toBe("not_found")

    const busy = await get("/orders/o-busy").set("Accept-Language", "ja")
    expect(busy.status).toBe(409)
    expect(busy.headers["x-upstream-request-id"]).toBe("A1B2C3D4E5F60718293A4B5C6D7E8F90")
    expect(busy.body.title).toBe("ゾーンを変更中です")
  })

  it("answers 204 for an Effect that succeeds with undefined, unless the route has its own @HttpCode", async () => {
    const got = await get("/orders/o-1/void")
    expect(got.status).toBe(204)
    expect(got.text).toBe("")
    const posted = await request(app.getHttpServer()).post("/orders/o-1/void")
    expect(posted.status).toBe(204)
    const accepted = await get("/orders/o-1/accepted")
    expect(accepted.status).toBe(202)
  })

  it("leaves an HttpException failure and a defect to Nest", async () => {
    const teapot = await get("/orders/o-1/teapot")
    expect(teapot.status).toBe(418)
    expect(teapot.body).toEqual({ statusCode: 418, message: "I'm a teapot" })

    const explicit = await get("/orders/o-1/explicit")
    expect(explicit.status).toBe(502)
    expect(explicit.body).toEqual({ statusCode: 502, message: "Gateway says no" })

    const defect = await get("/orders/o-1/defect")
    expect(defect.status).toBe(500)
    expect(defect.body).toEqual({ statusCode: 500, message: "Internal server error" })
  })

  it("exports the runtime to the app's own providers", async () => {
    const runtime = app.get(FaultlineRuntime)
    await expect(runtime.runPromise(Effect.flatMap(Orders, (o) => o.status("o-1")))).resolves.toBe("issued")
    await expect(runtime.runPromise(Effect.flatMap(Orders, (o) => o.status("o-busy")))).rejects.toMatchObject(
      {
        _tag: "AcmeError",
        reason: { _tag: "RequestRunning" }
      }
    )
  })
})

// Node 20 has no Promise.withResolvers.
const deferred = <A>() => {
  let resolve: (value: A) => void = () => {}
  const promise = new Promise<A>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

// The Effect of a request the client abandons: it starts, then waits for ever unless interrupted.
const abandoned = { started: deferred<void>(), finalized: deferred<boolean>() }

@Controller("slow")
class SlowController {
  @Get()
  slow() {
    let interrupted = false
    return Effect.sync(() => abandoned.started.resolve()).pipe(
      Effect.andThen(Effect.never),
      Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))),
      Effect.ensuring(Effect.sync(() => abandoned.finalized.resolve(interrupted)))
    )
  }
}

describe.each(platforms)("a client that disconnects on %s", (platform) => {
  it("interrupts the controller's Effect promptly and sends nothing", async () => {
    abandoned.started = deferred<void>()
    abandoned.finalized = deferred<boolean>()
    const failures: Array<unknown> = []
    const app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ onFailure: (d) => failures.push(d) })],
      controllers: [SlowController]
    })
    try {
      const { port } = app.getHttpServer().address() as AddressInfo
      const client = http.get({ host: "127.0.0.1", port, path: "/slow" })
      const clientError = new Promise<string>((resolve) => client.on("error", (e) => resolve(e.message)))
      await abandoned.started.promise
      client.destroy()
      expect(await clientError).toMatch(/socket hang up|aborted/)
      // The finalizer runs because the fiber was interrupted, not because anything else ended it.
      const timeout = new Promise<string>((resolve) =>
        setTimeout(() => resolve("still running"), 5_000).unref()
      )
      await expect(Promise.race([abandoned.finalized.promise, timeout])).resolves.toBe(true)
      expect(failures).toEqual([])
    } finally {
      await app.close()
    }
  })
})

// Handlers that return an Observable of values, some of them Effects that wait (a turn of the
// scheduler) before giving their value: Nest answers with the last value.
@Controller("values")
class ValuesController {
  @Get("last-waits")
  lastWaits() {
    return of("first", Effect.andThen(Effect.yieldNow, Effect.succeed({ last: true })))
  }

  @Get("first-waits")
  firstWaits() {
    return of(Effect.andThen(Effect.yieldNow, Effect.succeed("first")), { last: true })
  }

  @Get("fails-late")
  failsLate() {
    return of({ early: true }, Effect.andThen(Effect.yieldNow, Effect.fail(fail(reasons["not-found"]()))))
  }
}

describe.each(platforms)("a handler's Observable of Effects on %s", (platform) => {
  let app: INestApplication
  beforeAll(async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ onFailure: () => {} })],
      controllers: [ValuesController]
    })
  })
  afterAll(() => app.close())

  it("completes only once the Effects it emitted have settled", async () => {
    const last = await request(app.getHttpServer()).get("/values/last-waits")
    expect(last.status).toBe(200)
    expect(last.body).toEqual({ last: true })
    // Emitted in the order they settled: the waiting Effect's value comes after the plain one.
    const first = await request(app.getHttpServer()).get("/values/first-waits")
    expect(first.status).toBe(200)
    expect(first.text).toBe("first")
  })

  it("fails with an Effect's failure even after earlier values", async () => {
    const late = await request(app.getHttpServer()).get("/values/fails-late")
    expect(late.status).toBe(404)
    expect(late.body.code).toBe("not_found")
  })
})

describe("FaultlineRuntime", () => {
  it("interrupts the running Effect when its Observable is unsubscribed", async () => {
    const runtime = new FaultlineRuntime({})
    let onInterrupt: (value: string) => void = () => {}
    const interrupted = new Promise<string>((resolve) => {
      onInterrupt = resolve
    })
    const subscription = runtime
      .observe(Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => onInterrupt("interrupted")))))
      .subscribe()
    await new Promise((resolve) => setImmediate(resolve))
    subscription.unsubscribe()
    await expect(interrupted).resolves.toBe("interrupted")
    await runtime.onModuleDestroy()
  })

  it("leaves a runtime supplied by the app undisposed", async () => {
    const events: Array<string> = []
    const own = ManagedRuntime.make(ordersLayer(events))
    const app = await boot("express", {
      imports: [FaultlineModule.forRoot({ runtime: own })],
      controllers: [OrdersController]
    })
    const res = await request(app.getHttpServer()).get("/orders/o-1")
    expect(res.body).toEqual({ id: "o-1", status: "issued" })
    await app.close()
    expect(events).toEqual(["acquired"])
    await own.dispose()
    expect(events).toEqual(["acquired", "released"])
  })

  it("fails the boot when the layer cannot be built", async () => {
    const broken = Layer.effect(Orders)(Effect.die(new Error("no database")))
    await expect(
      boot("express", {
        imports: [FaultlineModule.forRoot({ layer: broken })],
        controllers: [OrdersController]
      })
    ).rejects.toThrow("no database")
  })
})
