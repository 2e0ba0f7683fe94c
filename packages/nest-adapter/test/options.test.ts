import type { FailureDescription } from "@faultline/core"
import { Injectable, type INestApplication, Module } from "@nestjs/common"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as ManagedRuntime from "effect/ManagedRuntime"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FaultlineModule } from "../src/index.js"
import { boot, FailingController, Orders, OrdersController, platforms, RecordingLogger } from "./app.js"
import { canary, fail, reasons } from "@faultline/acme-vendor"

/** The app's own configuration, provided by another module, as `ConfigModule` would. */
@Injectable()
class Settings {
  readonly problemBase = "https://errors.example.com/problems/"
  readonly throttledStatus = 429
  readonly requestIdHeader = "X-Correlation-Id"
  readonly orders = Layer.succeed(Orders)({
    status: (id) => (id === "o-1" ? Effect.succeed("pending") : Effect.fail(fail(reasons.throttled())))
  })
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

describe.each(platforms)("FaultlineModule.forRootAsync on %s", (platform) => {
  let app: INestApplication
  const reported: Array<FailureDescription> = []

  beforeAll(async () => {
    app = await boot(platform, {
      imports: [
        FaultlineModule.forRootAsync({
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({
            typeBaseUri: settings.problemBase,
            statusByCategory: { throttled: settings.throttledStatus },
            requestIdHeader: settings.requestIdHeader,
            upstreamRequestIdHeader: "X-Vendor-Request-Id",
            exposeUpstreamCodes: true,
            layer: settings.orders,
            onFailure: (description) => reported.push(description)
          })
        })
      ],
      controllers: [FailingController, OrdersController]
    })
  })
  afterAll(() => app.close())

  const get = (path: string) => request(app.getHttpServer()).get(path)

  it("uses the injected configuration for status, type and headers", async () => {
    const res = await get("/fail/throttled").set("X-Correlation-Id", "corr-42")
    expect(res.status).toBe(429)
    expect(res.body.type).toBe("https://errors.example.com/problems/upstream_throttled")
    expect(res.headers["x-correlation-id"]).toBe("corr-42")
    expect(res.headers["x-request-id"]).toBeUndefined()
    expect(res.body.instance).toBe("corr-42")
    expect(res.body.upstream).toEqual({ vendor: "acme", code: "throttled" })
  })

  it("renames the upstream request id header", async () => {
    const res = await get("/do-api")
    expect(res.headers["x-vendor-request-id"]).toBe("A1B2C3D4E5F60718293A4B5C6D7E8F90")
    expect(res.headers["x-upstream-request-id"]).toBeUndefined()
  })

  it("never exposes the upstream code of a misconfigured failure", async () => {
    const res = await get("/fail/misconfigured")
    expect(res.status).toBe(502)
    expect(res.body.upstream).toBeUndefined()
  })

  it("runs Effect controllers on the layer from the injected configuration", async () => {
    const ok = await get("/orders/o-1")
    expect(ok.body).toEqual({ id: "o-1", status: "pending" })
    reported.length = 0
    const throttled = await get("/orders/o-2")
    expect(throttled.status).toBe(429)
    expect(throttled.headers["retry-after"]).toBe("30")
    expect(reported.map((d) => d.reason)).toEqual(["Throttled"])
  })
})

describe.each(platforms)("FaultlineModule.forRoot options on %s", (platform) => {
  let app: INestApplication

  beforeAll(async () => {
    app = await boot(platform, {
      imports: [
        FaultlineModule.forRoot({
          requestIdHeader: false,
          upstreamRequestIdHeader: false,
          onFailure: () => {
            throw new Error("a broken logger")
          }
        })
      ],
      controllers: [FailingController]
    })
  })
  afterAll(() => app.close())

  it("sends no request-id headers when both are turned off, and survives a throwing hook", async () => {
    const res = await request(app.getHttpServer()).get("/do-api").set("X-Request-Id", "ignored-1")
    expect(res.status).toBe(409)
    expect(res.headers["x-request-id"]).toBeUndefined()
    expect(res.headers["x-upstream-request-id"]).toBeUndefined()
    expect(res.body.instance).not.toBe("ignored-1")
    expect(res.body.instance).toEqual(expect.any(String))
  })
})

describe.each(platforms)("FaultlineModule.forRoot request id and locale callbacks on %s", (platform) => {
  let app: INestApplication

  beforeAll(async () => {
    app = await boot(platform, {
      imports: [
        FaultlineModule.forRoot({
          // The app's own id, e.g. set by a logging middleware; a throwing callback counts as none.
          requestId: (request: { headers: Record<string, string | undefined> }) => {
            if (request.headers["x-explode"]) throw new Error("broken callback")
            return request.headers["x-app-trace"] ? `app-${request.headers["x-app-trace"]}` : undefined
          },
          locale: (request: { headers: Record<string, string | undefined> }) =>
            request.headers["x-user-locale"] === "ja" ? "ja" : undefined,
          onFailure: () => {}
        })
      ],
      controllers: [FailingController]
    })
  })
  afterAll(() => app.close())

  const get = (path: string) => request(app.getHttpServer()).get(path)

  it("prefers the app's own request id, then the header, then a new one", async () => {
    const own = await get("/fail/conflict").set("X-App-Trace", "7").set("X-Request-Id", "incoming-1")
    expect(own.headers["x-request-id"]).toBe("app-7")
    const header = await get("/fail/conflict").set("X-Request-Id", "incoming-1")
    expect(header.headers["x-request-id"]).toBe("incoming-1")
    const thrown = await get("/fail/conflict").set("X-Explode", "1").set("X-Request-Id", "incoming-2")
    expect(thrown.status).toBe(409)
    expect(thrown.headers["x-request-id"]).toBe("incoming-2")
  })

  it("uses the app's locale over Accept-Language, and negotiates when it has none", async () => {
    const chosen = await get("/fail/not-found").set("X-User-Locale", "ja").set("Accept-Language", "en")
    expect(chosen.body.title).toBe("見つかりません")
    const negotiated = await get("/fail/not-found").set("Accept-Language", "ja")
    expect(negotiated.body.title).toBe("見つかりません")
    const fallback = await get("/fail/not-found")
    expect(fallback.body.title).toBe("Not found")
  })
})

describe.each(platforms)("FaultlineModule.forRoot without options on %s", (platform) => {
  const bootLogged = async () => {
    const logger = new RecordingLogger()
    const app = await boot(
      platform,
      { imports: [FaultlineModule.forRoot()], controllers: [FailingController] },
      logger
    )
    return { app, logger }
  }

  it("boots with the defaults and logs the log-safe description through Nest's logger", async () => {
    const { app, logger } = await bootLogged()
    const rejected = await request(app.getHttpServer()).get("/fail/rejected")
    expect(rejected.status).toBe(422)
    expect(rejected.headers["x-request-id"]).toBe(rejected.body.instance)
    const misconfigured = await request(app.getHttpServer()).get("/fail/misconfigured")
    expect(misconfigured.status).toBe(502)
    await app.close()

    const logged = logger.entries.filter((e) => e.context === "UpstreamExceptionFilter")
    // One flat `key=value` line per failure: cheap to build, never formatted by the logger.
    const fields = logged.map((e) => {
      expect(typeof e.message).toBe("string")
      expect(String(e.message)).toMatch(/^upstream failure /)
      return Object.fromEntries(
        String(e.message)
          .split(" ")
          .filter((part) => part.includes("="))
          .map((part) => part.split("=") as [string, string])
      )
    })
    expect(logged.map((e, i) => [e.level, fields[i]?.reason])).toEqual([
      ["warn", "Refused"],
      ["error", "BadKey"]
    ])
    // Our request id is in the log line, so the X-Request-Id a client quotes finds it.
    expect(fields.map((f) => f.requestId)).toEqual([rejected.body.instance, misconfigured.body.instance])
    expect(fields[1]).toMatchObject({ status: "502", vendor: "acme", category: "misconfigured" })
    expect(fields[1]).not.toHaveProperty("aborted")
    expect(JSON.stringify(logger.entries)).not.toContain(canary)
  })

  it("logs every failure once under concurrent failures, one record and one whole line each", async () => {
    const { app, logger } = await bootLogged()
    const server = app.getHttpServer()
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request(server).get(i % 2 === 0 ? "/fail/rejected" : "/fail/misconfigured")
      )
    )
    await app.close()
    // One logger call (one record) per failure, each one whole line.
    const lines = logger.entries
      .filter((e) => e.context === "UpstreamExceptionFilter")
      .map((e) => [e.level, String(e.message)] as const)
    for (const [, line] of lines) expect(line).not.toContain("\n")
    expect(lines).toHaveLength(answers.length)
    for (const answer of answers) {
      const found = lines.filter(([, line]) => line.endsWith(` requestId=${answer.body.instance}`))
      expect(found, answer.body.instance).toHaveLength(1)
      const [level, line] = found[0]!
      expect(line).toMatch(/^upstream failure vendor=acme /)
      expect(level).toBe(answer.status >= 500 ? "error" : "warn")
    }
  })
})

describe("option validation", () => {
  const bad: ReadonlyArray<readonly [Parameters<typeof FaultlineModule.forRoot>[0], RegExp]> = [
    [{ requestIdHeader: "X Request Id" }, /requestIdHeader/],
    [{ upstreamRequestIdHeader: "X-Upstream:Id" }, /upstreamRequestIdHeader/],
    [{ requestIdHeader: "Cache-Control" }, /requestIdHeader cannot be Cache-Control/],
    [{ upstreamRequestIdHeader: "Retry-After" }, /upstreamRequestIdHeader cannot be Retry-After/],
    [{ statusByCategory: { "not-found": 200 } }, /statusByCategory\.not-found/],
    [{ statusByCategory: { throttle: 429 } as Record<string, number> }, /"throttle"/],
    [{ layer: {} as Layer.Layer<any> }, /layer must be an Effect Layer/],
    [{ runtime: {} as ManagedRuntime.ManagedRuntime<any, any> }, /runtime must be a ManagedRuntime/],
    // Controllers' Effects are forked: a runtime that can only run to a Promise is refused at boot.
    [
      {
        runtime: { runPromiseExit: () => Promise.resolve() } as unknown as ManagedRuntime.ManagedRuntime<
          any,
          any
        >
      },
      /runtime must be a ManagedRuntime/
    ]
  ]

  it("forRoot throws a TypeError naming the bad option", () => {
    for (const [options, message] of bad) {
      expect(() => FaultlineModule.forRoot(options), JSON.stringify(options)).toThrow(TypeError)
      expect(() => FaultlineModule.forRoot(options)).toThrow(message)
    }
    expect(() =>
      FaultlineModule.forRoot({ requestIdHeader: "X-Correlation-Id", layer: new Settings().orders })
    ).not.toThrow()
  })

  it.each(platforms)("forRootAsync fails the boot on %s", async (platform) => {
    for (const [options, message] of bad) {
      await expect(
        boot(platform, {
          imports: [FaultlineModule.forRootAsync({ useFactory: () => options ?? {} })],
          controllers: [FailingController]
        })
      ).rejects.toThrow(message)
    }
  })
})
