import express, { type Express } from "express"
import request from "supertest"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { byCategory, doLikeRunning, misconfiguredWith } from "@faultline/acme-vendor"
import { type Served, serve } from "./serve.js"

// Without our middleware, Express's final handler answers. It copies `status`/`statusCode` and
// `headers` from the error: faultline errors have none, so nothing upstream reaches the response.

const message = "CANARY-MESSAGE: invalid key 4f2a, contact admin@upstream.example"
const secret = "CANARY-SECRET-9c81d7e0"

const plainApp = (env: "production" | "development"): Express => {
  const app = express()
  app.set("env", env)
  app.get("/misconfigured", () => {
    throw misconfiguredWith(message, secret)
  })
  app.get("/throttled", (_req, _res, next) => next(byCategory.throttled()))
  app.get("/do-like", async () => {
    throw doLikeRunning("REQ-PLAIN-1")
  })
  return app
}

let served: Served | undefined
// Outside env "test", Express logs every error with console.error: captured to check it too.
let logged: Array<string> = []
beforeEach(() => {
  logged = []
  vi.spyOn(console, "error").mockImplementation((...args: Array<unknown>) => {
    logged.push(args.map(String).join(" "))
  })
})
afterEach(async () => {
  vi.restoreAllMocks()
  await served?.close()
  served = undefined
})

const upstreamHeaders = ["retry-after", "x-upstream-request-id", "x-request-id"]

describe("an upstream failure in plain Express (no faultline middleware)", () => {
  it("in production gives a bare 500 without upstream status, text, headers or canaries", async () => {
    served = await serve(plainApp("production"))
    for (const path of ["/misconfigured", "/throttled", "/do-like"]) {
      const res = await request(served.url).get(path)
      expect(res.status, path).toBe(500)
      expect(res.text).toContain("Internal Server Error")
      for (const name of upstreamHeaders) expect(res.headers[name], `${path} ${name}`).toBeUndefined()
      const seen = JSON.stringify(res.headers) + res.text
      expect(seen).not.toContain("CANARY")
      expect(seen).not.toMatch(/access_denied|badkey|throttled|RequestRunning|REQ-PLAIN-1/i)
    }
  })

  it("outside production shows only our own message and stack, never the upstream text", async () => {
    served = await serve(plainApp("development"))
    const res = await request(served.url).get("/misconfigured")
    expect(res.status).toBe(500)
    // The stack is printed, and its first line is our message: vendor, code and category only.
    expect(res.text).toContain("acme access_denied|access_denied_invalid_key (misconfigured)")
    expect(res.text).not.toContain("CANARY")
    expect(res.headers["retry-after"]).toBeUndefined()
    // Express's own error log prints our stack: the upstream text is not in it either.
    expect(logged.join("\n")).toContain("(misconfigured)")
    expect(logged.join("\n")).not.toContain("CANARY")
    const throttled = await request(served.url).get("/throttled")
    expect(throttled.status).toBe(500)
    expect(throttled.headers["retry-after"]).toBeUndefined()
  })
})
