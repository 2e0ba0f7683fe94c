// issue 21: an app's own error (sendProblem/problem) and a vendor failure answer with the same
// shape and headers; `extend` adds typed members; one request-id rule; the JSON Schema holds.
import { createRequire } from "node:module"
import { byCategory, canary, fail, reasons } from "@faultline/acme-vendor"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import express, { type ErrorRequestHandler, type Express } from "express"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import {
  effectHandler,
  problem,
  sendProblem,
  type UpstreamErrorHandlerOptions,
  upstreamErrorHandler,
  writeProblem
} from "../src/index.js"
import { type Served, serve } from "./serve.js"

const schema = createRequire(import.meta.url)("@faultline/core/problem.schema.json")
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

let served: Served | undefined
const start = async (app: Express): Promise<string> => {
  served = await serve(app)
  return served.url
}
afterEach(async () => {
  await served?.close()
  served = undefined
})

/** The app's wrapper around an upstream failure, carrying its own typed field. */
class StepFailed extends Error {
  constructor(
    readonly orderId: number,
    cause: unknown
  ) {
    super("step failed", { cause })
  }
}
class NameOutside extends Error {}

const options: UpstreamErrorHandlerOptions<"orderId" | "note"> = {
  extensionMembers: ["orderId", "note"],
  extend: (failure, _req, error) => ({
    orderId: error instanceof StepFailed ? error.orderId : undefined,
    // An attempt to copy upstream text: it must not reach the wire.
    note: failure.reason.upstreamMessage ? Redacted.value(failure.reason.upstreamMessage) : undefined
  })
}

const app = (): Express => {
  const a = express()
  // Earlier middleware's Vary stays, joined with ours.
  a.use((_req, res, next) => {
    res.vary("Origin")
    next()
  })
  a.get(
    "/vendor",
    effectHandler(() => Effect.fail(new StepFailed(4242, fail(reasons.rejected()))))
  )
  a.get(
    "/invalid",
    effectHandler(() => Effect.fail(fail(reasons["invalid-input"]())))
  )
  a.get("/own", () => {
    throw new NameOutside()
  })
  a.get("/own-direct", (req, res) => {
    writeProblem(
      res,
      problem({ status: 409, code: "busy", extensions: { orderId: 1 } }, { ...options, request: req })
    )
  })
  a.get("/throttled", () => {
    throw byCategory.throttled()
  })
  a.use(upstreamErrorHandler(options))
  const own: ErrorRequestHandler = (err, req, res, next) => {
    if (!(err instanceof NameOutside)) return next(err)
    sendProblem(
      req,
      res,
      { status: 422, code: "name_outside_zones", title: { en: "Not ours", ja: "管理外です" } },
      options
    )
  }
  a.use(own)
  return a
}

const headerNames = (headers: Record<string, unknown>) =>
  ["content-type", "cache-control", "x-request-id", "content-language", "vary"].map((name) => [
    name,
    name in headers
  ])

describe("an app's own error and a vendor failure, on Express", () => {
  it("answer with the same shape and headers, in the same language", async () => {
    const url = await start(app())
    for (const language of ["en", "ja"]) {
      const vendor = await request(url)
        .get("/vendor")
        .set("accept-language", language)
        .set("x-request-id", "abc-1")
      const own = await request(url).get("/own").set("accept-language", language).set("x-request-id", "abc-2")
      expect(vendor.status).toBe(422)
      expect(own.status).toBe(422)
      for (const res of [vendor, own]) {
        expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/)
        expect(res.headers["cache-control"]).toBe("no-store")
        expect(res.headers["content-language"]).toBe(language)
        expect(res.headers.vary).toBe("Origin, Accept-Language")
        expect(validate(res.body), JSON.stringify(validate.errors)).toBe(true)
      }
      expect(headerNames(vendor.headers)).toEqual(headerNames(own.headers))
      expect(vendor.headers["content-type"]).toBe(own.headers["content-type"])
      expect(vendor.body.instance).toBe("abc-1")
      expect(own.body.instance).toBe("abc-2")
      expect(own.headers["x-request-id"]).toBe("abc-2")
      expect(Object.keys(own.body).sort()).toEqual(
        Object.keys(vendor.body)
          .filter((k) => k !== "orderId")
          .sort()
      )
      expect(own.body.title).toBe(language === "ja" ? "管理外です" : "Not ours")
    }
  })

  it("adds the declared member from the app's wrapper, and no upstream text", async () => {
    const url = await start(app())
    const res = await request(url).get("/vendor")
    expect(res.body).toMatchObject({ status: 422, code: "unprocessable", orderId: 4242 })
    expect(res.body).not.toHaveProperty("note")
    const invalid = await request(url).get("/invalid")
    expect(invalid.status).toBe(400)
    expect(invalid.text).not.toContain(canary)
    expect(invalid.body).not.toHaveProperty("note")
    expect(validate(invalid.body), JSON.stringify(validate.errors)).toBe(true)
    const direct = await request(url).get("/own-direct")
    expect(direct.body).toMatchObject({ status: 409, code: "busy", orderId: 1 })
    expect(validate(direct.body), JSON.stringify(validate.errors)).toBe(true)
    const throttled = await request(url).get("/throttled")
    expect(throttled.headers["retry-after"]).toBeDefined()
    expect(validate(throttled.body), JSON.stringify(validate.errors)).toBe(true)
  })

  it("keeps a well-formed X-Request-Id and replaces a bad one (abc~1), never echoing it", async () => {
    const url = await start(app())
    for (const path of ["/vendor", "/own"]) {
      const bad = await request(url).get(path).set("x-request-id", "abc~1")
      expect(bad.headers["x-request-id"]).not.toBe("abc~1")
      expect(bad.headers["x-request-id"]).toBe(bad.body.instance)
      expect(bad.text).not.toContain("abc~1")
      const good = await request(url).get(path).set("x-request-id", "01J0ABC.def_9")
      expect(good.headers["x-request-id"]).toBe("01J0ABC.def_9")
    }
  })
})
