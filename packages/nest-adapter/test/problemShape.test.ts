// issue 21 on Nest (both platforms): an app's own error (answerProblem / problem) and a vendor
// failure answer with the same shape and headers; `extend`; one request-id rule; the JSON Schema.
import "reflect-metadata"
import { createRequire } from "node:module"
import { canary, fail, reasons } from "@faultline/acme-vendor"
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Injectable,
  type INestApplication,
  UseFilters
} from "@nestjs/common"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import { FaultlineModule, type FaultlineModuleOptions, UpstreamExceptionFilter } from "../src/index.js"
import { boot, platforms } from "./app.js"

const schema = createRequire(import.meta.url)("@faultline/core/problem.schema.json")
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

class StepFailed extends Error {
  constructor(
    readonly orderId: number,
    cause: unknown
  ) {
    super("step failed", { cause })
  }
}
class NameOutside extends Error {}

/** The app's own errors, answered through the module's filter: same options, same headers. */
@Injectable()
@Catch(NameOutside)
class OwnErrors implements ExceptionFilter {
  constructor(private readonly upstream: UpstreamExceptionFilter) {}
  catch(_error: NameOutside, host: ArgumentsHost): void {
    this.upstream.answerProblem(
      { status: 422, code: "name_outside_zones", title: { en: "Not ours", ja: "管理外です" } },
      host
    )
  }
}

@Controller()
@UseFilters(OwnErrors)
class ShapeController {
  @Get("vendor")
  vendor() {
    return Effect.fail(new StepFailed(4242, fail(reasons.rejected())))
  }
  @Get("invalid")
  invalid() {
    return Effect.fail(fail(reasons["invalid-input"]()))
  }
  @Get("own")
  own(): never {
    throw new NameOutside()
  }
}

const options: FaultlineModuleOptions = {
  extensionMembers: ["orderId", "note"],
  extend: (failure, _req, error) => ({
    orderId: error instanceof StepFailed ? error.orderId : undefined,
    note: failure.reason.upstreamMessage ? Redacted.value(failure.reason.upstreamMessage) : undefined
  })
}

const names = ["content-type", "cache-control", "x-request-id", "content-language", "vary"]

let app: INestApplication | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

describe.each(platforms)("an app's own error and a vendor failure, on Nest (%s)", (platform) => {
  const start = async () => {
    app = await boot(
      platform,
      { imports: [FaultlineModule.forRoot(options)], controllers: [ShapeController], providers: [OwnErrors] },
      false,
      (nest) =>
        nest.use((_req: unknown, res: { setHeader: (n: string, v: string) => void }, next: () => void) => {
          res.setHeader("vary", "Origin")
          next()
        })
    )
    return app.getHttpServer()
  }

  it("answer with the same shape and headers, in the same language", async () => {
    const server = await start()
    for (const language of ["en", "ja"]) {
      const vendor = await request(server)
        .get("/vendor")
        .set("accept-language", language)
        .set("x-request-id", "n-1")
      const own = await request(server)
        .get("/own")
        .set("accept-language", language)
        .set("x-request-id", "n-2")
      expect(vendor.status).toBe(422)
      expect(own.status).toBe(422)
      for (const res of [vendor, own]) {
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/)
        expect(res.headers["cache-control"]).toBe("no-store")
        expect(res.headers["content-language"]).toBe(language)
        expect(res.headers.vary).toBe("Origin, Accept-Language")
        expect(validate(res.body), JSON.stringify(validate.errors)).toBe(true)
      }
      expect(names.map((n) => [n, vendor.headers[n] !== undefined])).toEqual(
        names.map((n) => [n, own.headers[n] !== undefined])
      )
      expect(vendor.headers["content-type"]).toBe(own.headers["content-type"])
      expect([vendor.body.instance, own.body.instance]).toEqual(["n-1", "n-2"])
      expect(Object.keys(own.body).sort()).toEqual(
        Object.keys(vendor.body)
          .filter((k) => k !== "orderId")
          .sort()
      )
      expect(own.body.title).toBe(language === "ja" ? "管理外です" : "Not ours")
    }
  })

  it("adds the declared member from the app's wrapper, and no upstream text", async () => {
    const server = await start()
    const res = await request(server).get("/vendor")
    expect(res.body).toMatchObject({ status: 422, code: "unprocessable", orderId: 4242 })
    const invalid = await request(server).get("/invalid")
    expect(invalid.status).toBe(400)
    expect(invalid.text).not.toContain(canary)
    expect(invalid.body).not.toHaveProperty("note")
    expect(validate(invalid.body), JSON.stringify(validate.errors)).toBe(true)
  })

  it("keeps a well-formed X-Request-Id and replaces a bad one (abc~1), never echoing it", async () => {
    const server = await start()
    for (const path of ["/vendor", "/own"]) {
      const bad = await request(server).get(path).set("x-request-id", "abc~1")
      expect(bad.headers["x-request-id"]).not.toBe("abc~1")
      expect(bad.headers["x-request-id"]).toBe(bad.body.instance)
      expect(bad.text).not.toContain("abc~1")
      const good = await request(server).get(path).set("x-request-id", "01J0ABC.def_9")
      expect(good.headers["x-request-id"]).toBe("01J0ABC.def_9")
    }
  })
})
