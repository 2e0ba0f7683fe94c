// The rules core's adapter SPI gives both adapters; express-adapter/test/parity.test.ts checks the same.
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import type { ServerResponse } from "node:http"
import { type FailureDescription, retryUpstream } from "@faultline/core"
import {
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  Res,
  UseGuards
} from "@nestjs/common"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FaultlineModule } from "../src/index.js"
import type { FailureContext } from "../src/options.js"
import { boot, platforms } from "./app.js"
import { doApiFailure, fail, reasons } from "@faultline/acme-vendor"

const rawOf = (response: unknown): ServerResponse =>
  ((response as { readonly raw?: ServerResponse }).raw ?? response) as ServerResponse

// Per test run: the client's first chunk arrived; a request reached the guard; the Effect ended.
const signals = {
  firstChunk: Effect.runSync(Deferred.make<void>()),
  arrived: Effect.runSync(Deferred.make<void>()),
  finalized: Effect.runSync(Deferred.make<boolean>())
}
let sent = 0

/** Holds the request (as an auth check might) until the client has left. */
@Injectable()
class UntilClientLeaves implements CanActivate {
  canActivate(context: ExecutionContext): Promise<boolean> {
    const raw = rawOf(context.switchToHttp().getResponse())
    return new Promise((resolve) => {
      raw.once("close", () => resolve(true))
      Effect.runSync(Deferred.succeed(signals.arrived, undefined))
    })
  }
}

@Controller()
class ParityController {
  @Get("status")
  status(): never {
    throw Object.assign(new Error("Order is locked", { cause: doApiFailure() }), { status: 423 })
  }

  @Get("status-code")
  statusCode(): never {
    throw Object.assign(new Error("Upstream down", { cause: fail(reasons.timeout()) }), { statusCode: 503 })
  }

  @Get("http-errors")
  httpErrors(): never {
    throw Object.assign(new Error("Gone", { cause: fail(reasons["not-found"]()) }), {
      status: 410,
      statusCode: 410,
      expose: true
    })
  }

  @Get("fail")
  failing(): never {
    throw fail(reasons.conflict())
  }

  @Get("stream")
  stream(@Res() response: unknown): Promise<never> {
    const raw = rawOf(response)
    raw.writeHead(203, { "content-type": "text/plain" })
    raw.write("partial ")
    // Fails once the client has the first chunk.
    return Effect.runPromise(Deferred.await(signals.firstChunk)).then(() => Promise.reject(doApiFailure()))
  }

  @Get("late")
  @UseGuards(UntilClientLeaves)
  late() {
    let interrupted = false
    return Effect.never.pipe(
      Effect.onInterrupt(() => Effect.sync(() => (interrupted = true))),
      Effect.ensuring(Effect.suspend(() => Deferred.succeed(signals.finalized, interrupted)))
    )
  }

  @Get("api/orders/:id")
  span() {
    return Effect.map(Effect.currentSpan, (span) => ({
      name: span.name,
      kind: span.kind,
      attributes: Object.fromEntries(span.attributes)
    }))
  }

  @Get("flaky")
  flaky() {
    return Effect.suspend(() => {
      sent++
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({
            request: HttpClientRequest.get("https://api.example.test/"),
            cause: new Error("ECONNRESET")
          })
        })
      )
    }).pipe(retryUpstream({ idempotent: true, maxAttempts: 3, baseDelay: 0, jitter: false }))
  }
}

describe.each(platforms)("core's adapter rules on %s", (platform) => {
  let app: INestApplication
  const reported: Array<{ description: FailureDescription; context: FailureContext }> = []
  const exits: Array<Exit.Exit<unknown, unknown>> = []
  const own = ManagedRuntime.make(Layer.empty)

  beforeAll(async () => {
    // A real runtime, watched: the test learns how each controller's Effect ended.
    const runtime = Object.assign(Object.create(own), {
      runPromiseExit: (effect: Effect.Effect<unknown, unknown, never>, options?: Effect.RunOptions) =>
        own.runPromiseExit(effect, options).then((exit) => {
          exits.push(exit)
          return exit
        }),
      // The interceptor forks each controller's Effect and observes its fiber.
      runFork: (effect: Effect.Effect<unknown, unknown, never>, options?: Effect.RunOptions) => {
        const fiber = own.runFork(effect, options)
        fiber.addObserver((exit) => exits.push(exit))
        return fiber
      }
    }) as ManagedRuntime.ManagedRuntime<any, any>
    app = await boot(platform, {
      imports: [
        FaultlineModule.forRoot({
          runtime,
          onFailure: (description, context) => reported.push({ description, context })
        })
      ],
      controllers: [ParityController]
    })
  })
  afterAll(async () => {
    await app.close()
    await own.dispose()
  })

  const get = (path: string) => request(app.getHttpServer()).get(path)
  const port = () => (app.getHttpServer().address() as AddressInfo).port

  it("keeps the app's explicit answer: an error's own status, even with an upstream cause, unreported", async () => {
    reported.length = 0
    for (const [path, status, message] of [
      ["/status", 423, "Locked"],
      ["/status-code", 503, "Service Unavailable"],
      ["/http-errors", 410, "Gone"]
    ] as const) {
      const res = await get(path)
      expect(res.status, path).toBe(status)
      expect(res.headers["content-type"], path).not.toMatch(/problem\+json/)
      expect(res.headers["x-request-id"], path).toBeUndefined()
      expect(res.headers["x-upstream-request-id"], path).toBeUndefined()
      expect(res.body, path).toEqual({ statusCode: status, message })
    }
    expect(reported).toEqual([])
  })

  it("when too late to answer, reports the status already sent, marked aborted, and aborts the response", async () => {
    reported.length = 0
    signals.firstChunk = Effect.runSync(Deferred.make<void>())
    const outcome = await new Promise<{ status: number | undefined; body: string; complete: boolean }>(
      (resolve) => {
        http
          .get(
            { host: "127.0.0.1", port: port(), path: "/stream", headers: { "x-request-id": "late-req-1" } },
            (res) => {
              let body = ""
              res.setEncoding("utf8")
              res.on("data", (chunk: string) => {
                body += chunk
                Effect.runSync(Deferred.succeed(signals.firstChunk, undefined))
              })
              res.on("error", () => {})
              res.on("close", () => resolve({ status: res.statusCode, body, complete: res.complete }))
            }
          )
          .on("error", () => resolve({ status: undefined, body: "", complete: false }))
      }
    )
    expect(outcome).toEqual({ status: 203, body: "partial ", complete: false })
    expect(reported).toHaveLength(1)
    expect(reported[0]!.description.upstreamRequestId).toBe("A1B2C3D4E5F60718293A4B5C6D7E8F90")
    expect(reported[0]!.context).toMatchObject({ status: 203, aborted: true, requestId: "late-req-1" })
  })

  it("marks a failure answered with a problem as not aborted", async () => {
    reported.length = 0
    expect((await get("/fail")).status).toBe(409)
    expect(reported.map((r) => [r.context.status, r.context.aborted])).toEqual([[409, false]])
  })

  it("interrupts the Effect of a client already gone: its finalizers run, nothing is reported", async () => {
    reported.length = 0
    exits.length = 0
    signals.arrived = Effect.runSync(Deferred.make<void>())
    signals.finalized = Effect.runSync(Deferred.make<boolean>())
    const client = http.get({ host: "127.0.0.1", port: port(), path: "/late" })
    const clientError = new Promise<string>((resolve) => client.on("error", (e) => resolve(e.message)))
    await Effect.runPromise(Deferred.await(signals.arrived))
    client.destroy()
    expect(await clientError).toMatch(/socket hang up|aborted/)
    expect(await Effect.runPromise(Deferred.await(signals.finalized))).toBe(true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(exits).toHaveLength(1)
    expect(Exit.hasInterrupts(exits[0]!)).toBe(true)
    expect(reported).toEqual([])
  })

  it("runs the Effect in the same server span as Express: METHOD /route/template, kind server", async () => {
    expect((await get("/api/orders/o-77")).body).toEqual({
      name: "GET /api/orders/:id",
      kind: "server",
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/orders/:id",
        "url.path": "/api/orders/o-77",
        "url.scheme": "http"
      }
    })
  })

  it("reports the attempts the client really made, counted once", async () => {
    reported.length = 0
    sent = 0
    const res = await get("/flaky")
    expect(res.status).toBe(502)
    expect(sent).toBe(3)
    expect(reported.map((r) => r.description.attempts)).toEqual([3])
  })
})
