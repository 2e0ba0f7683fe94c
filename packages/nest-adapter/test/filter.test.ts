import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { categories, type Category, type FailureDescription } from "@faultline/core"
import type { INestApplication } from "@nestjs/common"
import request from "supertest"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { FaultlineModule } from "../src/index.js"
import type { FailureContext } from "../src/options.js"
import { boot, FailingController, platforms } from "./app.js"
import { canary } from "@faultline/acme-vendor"

const expected: { readonly [C in Category]: { readonly status: number; readonly code: string } } = {
  "invalid-input": { status: 400, code: "invalid_input" },
  "not-found": { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  rejected: { status: 422, code: "unprocessable" },
  throttled: { status: 503, code: "upstream_throttled" },
  unavailable: { status: 503, code: "upstream_unavailable" },
  timeout: { status: 504, code: "upstream_timeout" },
  "upstream-error": { status: 502, code: "upstream_error" },
  misconfigured: { status: 502, code: "upstream_error" }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe.each(platforms)("UpstreamExceptionFilter on %s", (platform) => {
  let app: INestApplication
  const reported: Array<{ description: FailureDescription; context: FailureContext }> = []

  beforeAll(async () => {
    app = await boot(platform, {
      imports: [
        FaultlineModule.forRoot({
          onFailure: (description, context) => reported.push({ description, context })
        })
      ],
      controllers: [FailingController]
    })
  })
  afterAll(() => app.close())

  const get = (path: string) => request(app.getHttpServer()).get(path)

  it.each(categories)("answers a %s failure with its status, code and problem+json", async (category) => {
    const res = await get(`/fail/${category}`)
    expect(res.status).toBe(expected[category].status)
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/)
    expect(res.headers["cache-control"]).toBe("no-store")
    expect(res.body).toMatchObject({
      type: `urn:faultline:problem:${expected[category].code}`,
      status: expected[category].status,
      code: expected[category].code
    })
    expect(res.body.title).toEqual(expect.any(String))
    expect(res.body.detail).toEqual(expect.any(String))
    expect(res.body.instance).toMatch(uuid)
    expect(res.headers["x-request-id"]).toBe(res.body.instance)
  })

  it("names the rejected fields of an invalid-input failure", async () => {
    const res = await get("/fail/invalid-input")
    expect(res.body.errors).toEqual([
      { param: "common_name", code: "invalid_value", detail: expect.any(String) }
    ])
  })

  it("sends Retry-After for a throttled failure", async () => {
    const res = await get("/fail/throttled")
    expect(res.headers["retry-after"]).toBe("30")
    expect(res.body.retryAfter).toBe(30)
  })

  it("sends no Retry-After when the upstream gave none", async () => {
    const res = await get("/fail/unavailable")
    expect(res.headers["retry-after"]).toBeUndefined()
  })

  it("reuses a well-formed incoming X-Request-Id and replaces a malformed one", async () => {
    const reused = await get("/fail/conflict").set("X-Request-Id", "gw-2026.11.21:abc")
    expect(reused.headers["x-request-id"]).toBe("gw-2026.11.21:abc")
    expect(reused.body.instance).toBe("gw-2026.11.21:abc")

    const malformed = await get("/fail/conflict").set("X-Request-Id", "<script>alert(1)</script>")
    expect(malformed.headers["x-request-id"]).toMatch(uuid)
    expect(malformed.body.instance).toBe(malformed.headers["x-request-id"])
  })

  it("sends the DO-API RequestId as X-Upstream-Request-Id, with our own reason text", async () => {
    const res = await get("/do-api")
    expect(res.status).toBe(409)
    expect(res.headers["x-upstream-request-id"]).toBe("A1B2C3D4E5F60718293A4B5C6D7E8F90")
    expect(res.body.title).toBe("Zone change in progress")
  })

  it("answers in Japanese when Accept-Language prefers it, else in English", async () => {
    const ja = await get("/do-api").set("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8")
    expect(ja.body.title).toBe("ゾーンを変更中です")
    const en = await get("/fail/not-found").set("Accept-Language", "fr, en;q=0.5")
    expect(en.body.title).toBe("Not found")
    const jaCategory = await get("/fail/not-found").set("Accept-Language", "ja")
    expect(jaCategory.body.title).toBe("見つかりません")
  })

  it("maps a failure inside a rejected Effect.runPromise error, a Cause and a bare reason", async () => {
    const rejected = await get("/rejected/rejected")
    expect(rejected.status).toBe(422)
    expect(rejected.body.code).toBe("unprocessable")
    const cause = await get("/cause")
    expect(cause.status).toBe(504)
    expect(cause.body.code).toBe("upstream_timeout")
    const bare = await get("/bare-reason")
    expect(bare.status).toBe(404)
  })

  it("never lets a misconfigured failure's details or upstream text reach the caller", async () => {
    const res = await get("/fail/misconfigured").set("Accept-Language", "ja")
    const upstreamError = await get("/fail/upstream-error").set("Accept-Language", "ja")
    const everything = JSON.stringify({ body: res.text, headers: res.headers })
    for (const secret of [canary, "BadKey", "access_denied", "invalid_key", "misconfigured", "acme"]) {
      expect(everything).not.toContain(secret)
    }
    // Indistinguishable from an ordinary upstream error, apart from the request id.
    const { instance: _a, ...misconfigured } = res.body
    const { instance: _b, ...ordinary } = upstreamError.body
    expect(misconfigured).toEqual(ordinary)
  })

  it("keeps upstream free text out of invalid-input responses too", async () => {
    const res = await get("/fail/invalid-input")
    expect(JSON.stringify({ body: res.text, headers: res.headers })).not.toContain(canary)
  })

  it("gives the onFailure hook the internal, log-safe details", async () => {
    reported.length = 0
    const res = await get("/fail/misconfigured").set("X-Request-Id", "hook-test-1")
    expect(reported).toHaveLength(1)
    const [{ description, context }] = reported as [(typeof reported)[number]]
    expect(description).toMatchObject({
      tag: "AcmeError",
      reason: "BadKey",
      vendor: "acme",
      code: "access_denied|access_denied_invalid_key",
      category: "misconfigured",
      upstreamStatus: 403,
      upstreamRequestId: "upstream-req-77"
    })
    expect(JSON.stringify(description)).not.toContain(canary)
    expect(context.requestId).toBe("hook-test-1")
    // The README's log line, { ...description, requestId }: both ids, under different names.
    expect({ ...description, requestId: context.requestId }).toMatchObject({
      requestId: "hook-test-1",
      upstreamRequestId: "upstream-req-77"
    })
    expect(context.status).toBe(res.status)
    expect(context.error.reason._tag).toBe("BadKey")
    expect((context.request as { url?: string }).url).toBe("/fail/misconfigured")
  })

  it("leaves an HttpException to Nest, body and status untouched", async () => {
    reported.length = 0
    const res = await get("/teapot")
    expect(res.status).toBe(418)
    expect(res.headers["content-type"]).toMatch(/^application\/json/)
    expect(res.body).toEqual({ message: "short and stout", statusCode: 418 })
    expect(res.headers["x-request-id"]).toBeUndefined()
    expect(reported).toHaveLength(0)
  })

  it("leaves an HttpException to Nest even when its cause is an upstream failure", async () => {
    const res = await get("/http-exception-with-cause")
    expect(res.status).toBe(502)
    expect(res.body).toEqual({ statusCode: 502, message: "Bad gateway, deliberately" })
  })

  it("leaves an http-errors error or an error with its own status to Nest, even with an upstream cause", async () => {
    reported.length = 0
    const res = await get("/http-error")
    expect(res.status).toBe(423)
    expect(res.body).toEqual({ statusCode: 423, message: "Order is locked" })
    expect(res.headers["x-upstream-request-id"]).toBeUndefined()
    expect(reported).toHaveLength(0)
    // A bare `status` (which Nest alone would not read) is the app's explicit answer too, as in
    // Express: its status with the standard phrase, never the error's message nor the upstream cause.
    const statusOnly = await get("/status-only")
    expect(statusOnly.status).toBe(423)
    expect(statusOnly.body).toEqual({ statusCode: 423, message: "Locked" })
    expect(statusOnly.headers["x-upstream-request-id"]).toBeUndefined()
    expect(reported).toHaveLength(0)
  })

  it("removes the route's content headers from the problem, keeping the others", async () => {
    const res = await get("/content-headers")
    expect(res.status).toBe(409)
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/)
    expect(res.headers["content-disposition"]).toBeUndefined()
    expect(res.headers["content-language"]).toBe("en")
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.com")
  })

  it("sends the body as UTF-8 JSON with its byte length and no ETag, as the Express adapter does", async () => {
    const res = await get("/fail/conflict").set("Accept-Language", "ja")
    expect(res.status).toBe(409)
    expect(res.headers["content-type"]).toBe("application/problem+json; charset=utf-8")
    // Japanese text: the length counts bytes, not characters.
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.text))
    expect(Buffer.byteLength(res.text)).toBeGreaterThan(res.text.length)
    expect(JSON.parse(res.text)).toEqual(res.body)
    expect(res.headers.etag).toBeUndefined()
  })

  it("aborts a response whose headers were sent, and still reports the failure", async () => {
    reported.length = 0
    const outcome = await new Promise<{
      status: number | undefined
      body: string
      complete: boolean
      aborted: boolean
    }>((resolve) => {
      const { port } = app.getHttpServer().address() as AddressInfo
      http
        .get({ host: "127.0.0.1", port, path: "/stream-then-fail" }, (res) => {
          let body = ""
          let aborted = false
          res.setEncoding("utf8")
          res.on("data", (chunk: string) => (body += chunk))
          res.on("aborted", () => (aborted = true))
          res.on("error", () => (aborted = true))
          res.on("close", () => resolve({ status: res.statusCode, body, complete: res.complete, aborted }))
        })
        .on("error", () => resolve({ status: undefined, body: "", complete: false, aborted: true }))
    })
    // The status and the first chunk arrived; then the connection was cut, never ended cleanly.
    expect(outcome.status).toBe(200)
    expect(outcome.body).toBe("partial ")
    expect(outcome.complete).toBe(false)
    expect(outcome.aborted).toBe(true)
    expect(reported).toHaveLength(1)
    expect(reported[0]!.description.reason).toBe("RequestRunning")
    expect(reported[0]!.context.status).toBe(200)
  })

  it("leaves a plain Error to Nest's own 500", async () => {
    const res = await get("/plain-error")
    expect(res.status).toBe(500)
    expect(res.body).toEqual({ statusCode: 500, message: "Internal server error" })
    expect(res.text).not.toContain("hunter2")
  })

  it("leaves Nest's 404 for unknown routes alone", async () => {
    const res = await get("/no-such-route")
    expect(res.status).toBe(404)
    expect(res.body.code).toBeUndefined()
    expect(res.body.statusCode).toBe(404)
  })
})
