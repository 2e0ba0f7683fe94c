// issue 21 on Express: core's problem contract (acme's problemContractFailures) over real HTTP, plus
// what only Express has (writeProblem with problem(), Retry-After).
import { createRequire } from "node:module"
import {
  byCategory,
  contractOptions,
  fail,
  NameOutside,
  ownProblemInput,
  problemContractFailures,
  reasons,
  StepFailed
} from "@faultline/acme-vendor"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as Effect from "effect/Effect"
import express, { type ErrorRequestHandler } from "express"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { effectHandler, problem, sendProblem, upstreamErrorHandler, writeProblem } from "../src/index.js"
import { type Served, serve } from "./serve.js"

const schema = createRequire(import.meta.url)("@faultline/core/problem.schema.json")
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

const app = express()
app.use((_req, res, next) => {
  res.vary("Origin")
  next()
})
app.get(
  "/vendor",
  effectHandler(() => Effect.fail(new StepFailed(4242, fail(reasons.rejected()))))
)
app.get(
  "/invalid",
  effectHandler(() => Effect.fail(fail(reasons["invalid-input"]())))
)
app.get("/own", () => {
  throw new NameOutside()
})
app.get("/own-direct", (req, res) => {
  writeProblem(res, problem({ status: 409, code: "busy", extensions: { orderId: 1 } }, { request: req }))
})
app.get("/throttled", () => {
  throw byCategory.throttled()
})
app.use(upstreamErrorHandler(contractOptions))
const own: ErrorRequestHandler = (err, req, res, next) =>
  err instanceof NameOutside ? sendProblem(req, res, ownProblemInput, contractOptions) : next(err)
app.use(own)

let served: Served
beforeAll(async () => {
  served = await serve(app)
})
afterAll(() => served.close())

describe("an app's own error and a vendor failure, on Express", () => {
  it("answer with the same shape, headers and language; extend and the request-id rule hold", async () => {
    const failures = await problemContractFailures(async (path, headers) => {
      const res = await request(served.url).get(path).set(headers)
      return { status: res.status, headers: res.headers, body: res.body, text: res.text }
    }, validate)
    expect(failures).toEqual([])
  })

  it("catches a hand-built problem: the check is not vacuous", async () => {
    const handBuilt = express()
    handBuilt.get("/own", (_req, res) => {
      res
        .status(422)
        .type("application/problem+json")
        .json({ type: "x", title: "t", status: 422, detail: "d" })
    })
    handBuilt.use(app)
    const other = await serve(handBuilt)
    try {
      const failures = await problemContractFailures(async (path, headers) => {
        const res = await request(other.url).get(path).set(headers)
        return { status: res.status, headers: res.headers, body: res.body, text: res.text }
      }, validate)
      expect(failures).toEqual(
        expect.arrayContaining(["own (en): content-language", "own (en): the body fails the JSON Schema"])
      )
    } finally {
      await other.close()
    }
  })

  it("writes a problem built with problem(), and Retry-After, in the schema", async () => {
    const direct = await request(served.url).get("/own-direct")
    expect(direct.body).toMatchObject({ status: 409, code: "busy", orderId: 1 })
    expect(direct.headers["content-language"]).toBe("en")
    expect(validate(direct.body), JSON.stringify(validate.errors)).toBe(true)
    const throttled = await request(served.url).get("/throttled")
    expect(throttled.headers["retry-after"]).toBe(String(throttled.body.retryAfter))
    expect(validate(throttled.body), JSON.stringify(validate.errors)).toBe(true)
  })
})
