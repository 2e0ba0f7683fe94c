import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  type NestInterceptor,
  UseInterceptors
} from "@nestjs/common"
import * as Effect from "effect/Effect"
import { map, type Observable } from "rxjs"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EffectInterceptor, FaultlineModule } from "../src/index.js"
import { boot, platforms, RecordingLogger } from "./app.js"
import { doApiFailure } from "@faultline/acme-vendor"

/** The app's own response envelope, a common Nest pattern. */
@Injectable()
class Wrap implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((data: unknown) => ({ data })))
  }
}

// Forgot EffectInterceptor: the envelope holds the Effect itself.
@Controller("wrapped")
@UseInterceptors(Wrap)
class WrappedController {
  @Get("fail")
  fail() {
    return Effect.fail(doApiFailure())
  }

  @Get("ok")
  ok() {
    return Effect.succeed({ zone: "example.jp" })
  }

  @Get("list")
  list() {
    return [Effect.fail(doApiFailure())]
  }
}

// As the README says: EffectInterceptor last, so it runs closest to the handler.
@Controller("innermost")
@UseInterceptors(Wrap, EffectInterceptor)
class InnermostController {
  @Get("fail")
  fail() {
    return Effect.fail(doApiFailure())
  }

  @Get("ok")
  ok() {
    return Effect.succeed({ zone: "example.jp" })
  }
}

// Only the app-wide envelope (useGlobalInterceptors), EffectInterceptor on the route.
@Controller("global")
class GlobalController {
  @Get("fail")
  fail() {
    return Effect.fail(doApiFailure())
  }

  @Get("fail-innermost")
  @UseInterceptors(EffectInterceptor)
  failInnermost() {
    return Effect.fail(doApiFailure())
  }

  @Get("ok-innermost")
  @UseInterceptors(EffectInterceptor)
  okInnermost() {
    return Effect.succeed({ zone: "example.jp" })
  }
}

// What must never reach a caller: the failure's internal facts, as a serialised Effect shows them.
const internals = /A1B2C3D4E5F60718293A4B5C6D7E8F90|RequestRunning|do-like|"_id"|Exit|Cause/

describe.each(platforms)("an interceptor that maps the handler's value on %s", (platform) => {
  describe("at controller level", () => {
    let app: INestApplication
    const logger = new RecordingLogger()
    beforeAll(async () => {
      app = await boot(
        platform,
        {
          imports: [FaultlineModule.forRoot({ onFailure: () => {} })],
          controllers: [WrappedController, InnermostController]
        },
        logger
      )
    })
    afterAll(() => app.close())
    const get = (path: string) => request(app.getHttpServer()).get(path)

    it("never sends a wrapped Effect: a plain 500, and the mistake is logged", async () => {
      for (const path of ["/wrapped/fail", "/wrapped/ok", "/wrapped/list"]) {
        logger.entries.length = 0
        const res = await get(path)
        expect(res.status, path).toBe(500)
        expect(res.body).toEqual({ statusCode: 500, message: "Internal Server Error" })
        expect(res.text).not.toMatch(internals)
        const logged = logger.entries.filter((e) => e.context === "EffectInterceptor")
        expect(logged.map((e) => e.level)).toEqual(["error"])
        expect(String(logged[0]!.message)).toContain("@UseInterceptors(EffectInterceptor)")
      }
    })

    it("runs the Effect when EffectInterceptor is innermost", async () => {
      const ok = await get("/innermost/ok")
      expect(ok.status).toBe(200)
      expect(ok.body).toEqual({ data: { zone: "example.jp" } })
      const failed = await get("/innermost/fail")
      expect(failed.status).toBe(409)
      expect(failed.headers["content-type"]).toMatch(/^application\/problem\+json/)
      expect(failed.headers["x-upstream-request-id"]).toBe("A1B2C3D4E5F60718293A4B5C6D7E8F90")
    })
  })

  describe("through useGlobalInterceptors", () => {
    let app: INestApplication
    beforeAll(async () => {
      app = await boot(
        platform,
        { imports: [FaultlineModule.forRoot({ onFailure: () => {} })], controllers: [GlobalController] },
        false,
        (app) => app.useGlobalInterceptors(new Wrap())
      )
    })
    afterAll(() => app.close())
    const get = (path: string) => request(app.getHttpServer()).get(path)

    it("never sends the wrapped Effect", async () => {
      const res = await get("/global/fail")
      expect(res.status).toBe(500)
      expect(res.text).not.toMatch(internals)
    })

    it("runs the Effect with EffectInterceptor on the route", async () => {
      const failed = await get("/global/fail-innermost")
      expect(failed.status).toBe(409)
      expect(failed.body.code).toBe("conflict")
      expect(failed.text).not.toMatch(/do-like|RequestRunning/)
      const ok = await get("/global/ok-innermost")
      expect(ok.status).toBe(200)
      expect(ok.body).toEqual({ data: { zone: "example.jp" } })
    })
  })
})
