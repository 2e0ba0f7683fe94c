import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Injectable,
  type INestApplication
} from "@nestjs/common"
import { APP_FILTER } from "@nestjs/core"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import { EffectInterceptor, EffectRoute, FaultlineModule, UpstreamExceptionFilter } from "../src/index.js"
import { boot, FailingController, Orders, platforms } from "./app.js"

/** The app's own catch-all filter: it answers everything with a 599 and records what it saw. */
const seen: Array<string> = []
@Catch()
class AppFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    seen.push(exception instanceof Error ? exception.message : String(exception))
    const reply = host.switchToHttp().getResponse<{ raw?: unknown }>()
    const raw = (reply.raw ?? reply) as import("node:http").ServerResponse
    raw.writeHead(599, { "content-type": "text/plain" }).end("app filter")
  }
}

/** An app filter that lets faultline answer its failures and handles the rest itself. */
@Injectable()
@Catch()
class DelegatingFilter implements ExceptionFilter {
  constructor(private readonly upstream: UpstreamExceptionFilter) {}
  catch(exception: unknown, host: ArgumentsHost): void {
    if (this.upstream.answer(exception, host)) return
    new AppFilter().catch(exception, host)
  }
}

const OrdersLayer = Layer.succeed(Orders)({ status: (id) => Effect.succeed(`status of ${id}`) })

@Controller("typed")
class TypedController {
  @Get(":id")
  @EffectRoute(OrdersLayer)
  get() {
    return Orders.use((orders) => orders.status("o-7"))
  }

  @Get(":id/plain")
  plain() {
    return Effect.succeed("not run without the global interceptor")
  }
}

describe.each(platforms)("FaultlineModule registration on %s", (platform) => {
  let app: INestApplication | undefined
  afterEach(async () => {
    await app?.close()
    app = undefined
    seen.length = 0
  })
  const get = (path: string) => request(app!.getHttpServer()).get(path)

  it("registers the filter globally by default, so an app's APP_FILTER catch-all never runs for ours", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot()],
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: AppFilter }]
    })
    // Both are catch-all global filters: Nest runs one of them only. This is why globalFilter exists.
    const res = await get("/fail/not-found")
    expect([404, 599]).toContain(res.status)
  })

  it("with globalFilter: false, the app's own catch-all filter runs", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ globalFilter: false })],
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: AppFilter }]
    })
    expect((await get("/fail/not-found")).status).toBe(599)
    expect(seen).toHaveLength(1)
  })

  it("with globalFilter: false, an app filter can delegate to UpstreamExceptionFilter.answer", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ globalFilter: false })],
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: DelegatingFilter }]
    })
    const ours = await get("/fail/not-found")
    expect(ours.status).toBe(404)
    expect(ours.headers["content-type"]).toContain("application/problem+json")
    expect((await get("/plain-error")).status).toBe(599)
    expect(seen).toEqual(["database password is hunter2"])
  })

  it("with globalFilter: false, useGlobalFilters(ours, app's typed filters) keeps both", async () => {
    @Catch(RangeError)
    class RangeFilter implements ExceptionFilter {
      catch(_exception: unknown, host: ArgumentsHost): void {
        new AppFilter().catch(new Error("range"), host)
      }
    }
    app = await boot(
      platform,
      { imports: [FaultlineModule.forRoot({ globalFilter: false })], controllers: [FailingController] },
      false,
      (nest) => nest.useGlobalFilters(nest.get(UpstreamExceptionFilter), new RangeFilter())
    )
    expect((await get("/fail/timeout")).status).toBe(504)
    expect((await get("/plain-error")).status).toBe(500)
  })

  it("with globalInterceptor: false, @EffectRoute runs the route's Effect on the module's layer", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ globalInterceptor: false, layer: OrdersLayer })],
      controllers: [TypedController]
    })
    const typed = await get("/typed/o-7")
    expect(typed.status).toBe(200)
    expect(typed.text).toBe("status of o-7")
    // No global interceptor: an Effect returned elsewhere is not run (Nest serialises the object).
    expect((await get("/typed/o-7/plain")).text).not.toBe("not run without the global interceptor")
  })

  it("exports the filter and interceptor for the app to register", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRoot({ globalFilter: false, globalInterceptor: false })],
      controllers: [FailingController]
    })
    expect(app.get(UpstreamExceptionFilter)).toBeInstanceOf(UpstreamExceptionFilter)
    expect(app.get(EffectInterceptor)).toBeInstanceOf(EffectInterceptor)
    // Nothing global: Nest's own handling answers ours as any other error.
    expect((await get("/fail/not-found")).status).toBe(500)
  })

  it("forRootAsync takes the registration beside the factory", async () => {
    app = await boot(platform, {
      imports: [FaultlineModule.forRootAsync({ globalFilter: false, useFactory: () => ({}) })],
      controllers: [FailingController],
      providers: [{ provide: APP_FILTER, useClass: AppFilter }]
    })
    expect((await get("/fail/not-found")).status).toBe(599)
  })
})
