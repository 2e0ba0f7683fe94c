import { type Category, categories, type FailureDescription, type UpstreamFailure } from "@faultline/core"
import * as Effect from "effect/Effect"
import express, { type ErrorRequestHandler, type Express } from "express"
import request from "supertest"
import { afterEach, describe, expect, it } from "vitest"
import { type FailureContext, type UpstreamErrorHandlerOptions, upstreamErrorHandler } from "../src/index.js"
import * as http from "node:http"
import { byCategory, doLikeRunning, throttledFor, transportError } from "@faultline/acme-vendor"
import { type Served, serve } from "./serve.js"

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

// Written out here rather than read from core, so a change of core's table fails these tests.
const expected: { readonly [C in Category]: readonly [number, string] } = {
  "invalid-input": [400, "invalid_input"],
  "not-found": [404, "not_found"],
  conflict: [409, "conflict"],
  rejected: [422, "unprocessable"],
  throttled: [503, "upstream_throttled"],
  unavailable: [503, "upstream_unavailable"],
  timeout: [504, "upstream_timeout"],
  "upstream-error": [502, "upstream_error"],
  misconfigured: [502, "upstream_error"]
}

// Whatever reaches the handler after ours, recorded so tests can check it was passed on untouched.
interface Passed {
  readonly errors: Array<unknown>
}

const appWith = (
  options: UpstreamErrorHandlerOptions | undefined,
  routes: (app: Express) => void
): { app: Express; passed: Passed } => {
  const app = express()
  const passed: Passed = { errors: [] }
  routes(app)
  app.use(upstreamErrorHandler(options))
  const after: ErrorRequestHandler = (err, _req, res, next) => {
    passed.errors.push(err)
    if (res.headersSent) return next(err)
    res.status(418).json({ passedOn: true })
  }
  app.use(after)
  return { app, passed }
}

const failing = (app: Express) => {
  app.get("/fail/:category", (req) => {
    throw byCategory[req.params.category as Category]()
  })
  app.get("/do-like", () => {
    throw doLikeRunning("20260301-ABCDEF0123")
  })
  app.get("/throttled-1500ms", () => {
    throw throttledFor(1500)
  })
}

let served: Served | undefined
const start = async (app: Express): Promise<string> => {
  served = await serve(app)
  return served.url
}
afterEach(async () => {
  await served?.close()
  served = undefined
})

describe("upstreamErrorHandler: categories", () => {
  it("answers every category with its status, stable code and problem+json", async () => {
    const url = await start(appWith(undefined, failing).app)
    for (const category of categories) {
      const res = await request(url).get(`/fail/${category}`)
      const [status, code] = expected[category]
      expect(res.status, category).toBe(status)
      expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/)
      expect(res.headers["cache-control"]).toBe("no-store")
      expect(res.body).toMatchObject({ status, code, type: `urn:faultline:problem:${code}` })
      expect(typeof res.body.title).toBe("string")
      expect(typeof res.body.detail).toBe("string")
      expect(res.body.upstream).toBeUndefined()
    }
  })

  it("names the rejected fields of invalid input", async () => {
    const url = await start(appWith(undefined, failing).app)
    const res = await request(url).get("/fail/invalid-input")
    expect(res.body.title).toBe("BadField title")
    expect(res.body.errors).toEqual([
      { param: "common_name", code: "invalid_value", detail: "The value of common_name is not valid." }
    ])
  })

  it("sends Retry-After (header and body) when the failure knows it", async () => {
    const url = await start(appWith(undefined, failing).app)
    const throttled = await request(url).get("/fail/throttled")
    expect(throttled.headers["retry-after"]).toBe("5")
    expect(throttled.body.retryAfter).toBe(5)
    // 1.5 s rounds up: a client must never come back too early.
    const soon = await request(url).get("/throttled-1500ms")
    expect(soon.headers["retry-after"]).toBe("2")
    expect(soon.body.retryAfter).toBe(2)
    // Retry-After belongs to 503 and 429 only: a 409 does not say when to come back, even though
    // the upstream's RequestRunning knew a wait.
    const running = await request(url).get("/do-like")
    expect(running.status).toBe(409)
    expect(running.headers["retry-after"]).toBeUndefined()
    expect(running.body.retryAfter).toBeUndefined()
    const unknown = await request(url).get("/fail/unavailable")
    expect(unknown.headers["retry-after"]).toBeUndefined()
    expect(unknown.body.retryAfter).toBeUndefined()
  })

  it("overrides statuses per category", async () => {
    const url = await start(appWith({ statusByCategory: { throttled: 429, conflict: 423 } }, failing).app)
    const throttled = await request(url).get("/fail/throttled")
    expect(throttled.status).toBe(429)
    expect(throttled.headers["retry-after"]).toBe("5")
    expect((await request(url).get("/fail/conflict")).body.status).toBe(423)
    expect((await request(url).get("/fail/not-found")).status).toBe(404)
    expect((await request(url).get("/fail/unavailable")).status).toBe(503)
  })

  it("rejects bad options when the middleware is built, naming the option", () => {
    const bad: ReadonlyArray<readonly [UpstreamErrorHandlerOptions, RegExp]> = [
      [{ requestIdHeader: "X Request Id" }, /requestIdHeader/],
      [{ upstreamRequestIdHeader: "X-Upstream:Id" }, /upstreamRequestIdHeader/],
      [{ requestIdHeader: "Content-Type" }, /requestIdHeader cannot be Content-Type/],
      [{ upstreamRequestIdHeader: "retry-after" }, /upstreamRequestIdHeader cannot be retry-after/],
      [{ statusByCategory: { "not-found": 200 } }, /statusByCategory\.not-found/],
      [{ statusByCategory: { throttled: 429.5 } }, /statusByCategory\.throttled/],
      [
        { statusByCategory: { throttle: 429 } as UpstreamErrorHandlerOptions["statusByCategory"] },
        /"throttle"/
      ]
    ]
    for (const [options, message] of bad) {
      expect(() => upstreamErrorHandler(options), JSON.stringify(options)).toThrow(TypeError)
      expect(() => upstreamErrorHandler(options)).toThrow(message)
    }
    expect(() =>
      upstreamErrorHandler({ requestIdHeader: "X-Correlation-Id", statusByCategory: { throttled: 429 } })
    ).not.toThrow()
  })

  it("prefixes the problem type with typeBaseUri", async () => {
    const url = await start(appWith({ typeBaseUri: "https://errors.example.com/" }, failing).app)
    const res = await request(url).get("/fail/timeout")
    expect(res.body.type).toBe("https://errors.example.com/upstream_timeout")
  })

  it("exposes upstream codes only when asked, and never for misconfigured failures", async () => {
    const hidden = await start(appWith(undefined, failing).app)
    expect((await request(hidden).get("/fail/not-found")).body.upstream).toBeUndefined()
    await served?.close()
    const shown = await start(appWith({ exposeUpstreamCodes: true }, failing).app)
    expect((await request(shown).get("/fail/not-found")).body.upstream).toEqual({
      vendor: "acme",
      code: "missing"
    })
    const misconfigured = await request(shown).get("/fail/misconfigured")
    expect(misconfigured.body.upstream).toBeUndefined()
    // Its own title is not shown either: the caller cannot tell it from any upstream error.
    expect(misconfigured.body.title).toBe("Upstream error")
    expect(JSON.stringify(misconfigured.body)).not.toMatch(/badkey|access_denied|acme/i)
  })
})

describe("upstreamErrorHandler: request ids", () => {
  it("reuses a well-formed incoming X-Request-Id as header and instance", async () => {
    const url = await start(appWith(undefined, failing).app)
    const res = await request(url).get("/fail/conflict").set("X-Request-Id", "client-42.retry:1")
    expect(res.headers["x-request-id"]).toBe("client-42.retry:1")
    expect(res.body.instance).toBe("client-42.retry:1")
  })

  it("replaces a malformed or missing incoming id with a new UUID", async () => {
    const url = await start(appWith(undefined, failing).app)
    for (const incoming of ["has spaces", "x".repeat(129), "<script>", "-leading-dash", undefined]) {
      const req = request(url).get("/fail/conflict")
      const res = await (incoming === undefined ? req : req.set("X-Request-Id", incoming))
      expect(res.headers["x-request-id"], String(incoming)).toMatch(uuid)
      expect(res.body.instance).toBe(res.headers["x-request-id"])
    }
  })

  it("reads and writes a custom request-id header, or none at all", async () => {
    const url = await start(appWith({ requestIdHeader: "X-Correlation-Id" }, failing).app)
    const res = await request(url)
      .get("/fail/conflict")
      .set("X-Correlation-Id", "corr-1")
      .set("X-Request-Id", "ignored-1")
    expect(res.headers["x-correlation-id"]).toBe("corr-1")
    expect(res.headers["x-request-id"]).toBeUndefined()
    expect(res.body.instance).toBe("corr-1")
    await served?.close()

    const off = await start(appWith({ requestIdHeader: false }, failing).app)
    const none = await request(off).get("/fail/conflict").set("X-Request-Id", "ignored-2")
    expect(none.headers["x-request-id"]).toBeUndefined()
    expect(none.body.instance).toMatch(uuid)
  })

  it("prefers the app's own well-formed request id", async () => {
    const url = await start(
      appWith({ requestId: (req) => req.get("X-App-Id") }, (app) => {
        failing(app)
      }).app
    )
    const own = await request(url).get("/fail/conflict").set("X-App-Id", "app-7").set("X-Request-Id", "in-1")
    expect(own.body.instance).toBe("app-7")
    const malformed = await request(url)
      .get("/fail/conflict")
      .set("X-App-Id", "bad id")
      .set("X-Request-Id", "in-2")
    expect(malformed.body.instance).toBe("in-2")
  })

  it("sends the upstream RequestId in X-Upstream-Request-Id, renamed or switched off", async () => {
    const url = await start(appWith(undefined, failing).app)
    const res = await request(url).get("/do-like")
    expect(res.status).toBe(409)
    expect(res.headers["x-upstream-request-id"]).toBe("20260301-ABCDEF0123")
    expect((await request(url).get("/fail/conflict")).headers["x-upstream-request-id"]).toBeUndefined()
    await served?.close()

    const renamed = await start(appWith({ upstreamRequestIdHeader: "X-DO-Request-Id" }, failing).app)
    const r = await request(renamed).get("/do-like")
    expect(r.headers["x-do-request-id"]).toBe("20260301-ABCDEF0123")
    expect(r.headers["x-upstream-request-id"]).toBeUndefined()
    await served?.close()

    const off = await start(appWith({ upstreamRequestIdHeader: false }, failing).app)
    const o = await request(off).get("/do-like")
    expect(o.status).toBe(409)
    expect(JSON.stringify(o.headers)).not.toContain("20260301-ABCDEF0123")
  })
})

describe("upstreamErrorHandler: locale", () => {
  it("answers in Japanese or English from Accept-Language", async () => {
    const url = await start(appWith(undefined, failing).app)
    const ja = await request(url).get("/fail/unavailable").set("Accept-Language", "ja-JP,ja;q=0.9,en;q=0.8")
    expect(ja.body.title).toBe("連携先のサービスを利用できません")
    const en = await request(url).get("/fail/unavailable").set("Accept-Language", "en-US,ja;q=0.5")
    expect(en.body.title).toBe("Upstream service unavailable")
    const other = await request(url).get("/fail/unavailable").set("Accept-Language", "fr-FR")
    expect(other.body.title).toBe("Upstream service unavailable")
    const field = await request(url).get("/fail/invalid-input").set("Accept-Language", "ja")
    expect(field.body.title).toBe("BadField 題名")
    expect(field.body.errors[0].detail).toBe("common_name の値が正しくありません。")
  })

  it("uses a fixed or per-request locale when the app chooses one", async () => {
    const url = await start(appWith({ locale: "ja" }, failing).app)
    const fixed = await request(url).get("/fail/timeout").set("Accept-Language", "en")
    expect(fixed.body.title).toBe("連携先がタイムアウトしました")
    await served?.close()

    const byQuery = await start(
      appWith({ locale: (req) => (req.query.lang === "ja" ? "ja" : undefined) }, failing).app
    )
    expect((await request(byQuery).get("/fail/timeout?lang=ja")).body.title).toBe(
      "連携先がタイムアウトしました"
    )
    // undefined falls back to Accept-Language.
    const negotiated = await request(byQuery).get("/fail/timeout").set("Accept-Language", "ja")
    expect(negotiated.body.title).toBe("連携先がタイムアウトしました")
    expect((await request(byQuery).get("/fail/timeout")).body.title).toBe("Upstream timeout")
  })
})

describe("upstreamErrorHandler: what it leaves to Express", () => {
  it("passes errors that are not upstream failures on untouched", async () => {
    const plain = new Error("not ours")
    const httpish = Object.assign(new Error("teapot"), { status: 404 })
    const { app, passed } = appWith(undefined, (app) => {
      app.get("/plain", () => {
        throw plain
      })
      app.get("/httpish", (_req, _res, next) => next(httpish))
      app.get("/string", (_req, _res, next) => next("a string"))
    })
    const url = await start(app)
    const res = await request(url).get("/plain").set("X-Request-Id", "keep-1")
    expect(res.status).toBe(418)
    expect(res.headers["x-request-id"]).toBeUndefined()
    await request(url).get("/httpish")
    await request(url).get("/string")
    expect(passed.errors).toHaveLength(3)
    expect(passed.errors[0]).toBe(plain)
    expect(passed.errors[1]).toBe(httpish)
    expect(passed.errors[2]).toBe("a string")
    expect(plain.message).toBe("not ours")
    expect(Object.keys(httpish)).toEqual(["status"])
  })

  it("passes on an error carrying its own status, even with an upstream failure as its cause", async () => {
    // The http-errors convention (createError(423, { cause })): the app chose this answer.
    const locked = Object.assign(new Error("Order is locked", { cause: doLikeRunning("REQ-LOCK-1") }), {
      status: 423,
      expose: true
    })
    const viaStatusCode = Object.assign(new Error("Gone", { cause: byCategory["not-found"]() }), {
      statusCode: 410
    })
    // Not a status Express would use (final handler reads 400-599 only): the failure is mapped.
    const notAStatus = Object.assign(new Error("odd", { cause: byCategory.timeout() }), { status: 200 })
    const { app, passed } = appWith(undefined, (app) => {
      app.get("/locked", () => {
        throw locked
      })
      app.get("/gone", (_req, _res, next) => next(viaStatusCode))
      app.get("/odd", () => {
        throw notAStatus
      })
    })
    const url = await start(app)
    const res = await request(url).get("/locked")
    expect(res.status).toBe(418)
    expect(res.headers["x-upstream-request-id"]).toBeUndefined()
    expect((await request(url).get("/gone")).status).toBe(418)
    expect(passed.errors).toHaveLength(2)
    expect(passed.errors[0]).toBe(locked)
    expect(passed.errors[1]).toBe(viaStatusCode)
    expect(Object.keys(locked)).toEqual(["status", "expose"])
    const odd = await request(url).get("/odd")
    expect(odd.status).toBe(504)
    expect(passed.errors).toHaveLength(2)
  })

  it("delegates to Express once headers were sent: the client sees an aborted response, the hook a log", async () => {
    const failure = byCategory.throttled()
    const logged: Array<[FailureDescription, FailureContext]> = []
    const { app, passed } = appWith({ onFailure: (d, c) => logged.push([d, c]) }, (app) => {
      app.get("/stream", (_req, res, next) => {
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("partial ")
        // Once the client has the first chunk, the stream fails.
        setTimeout(() => next(failure), 20)
      })
    })
    const url = await start(app)
    const outcome = await new Promise<{
      status: number | undefined
      body: string
      complete: boolean
      aborted: boolean
    }>((resolve) => {
      http
        .get(`${url}/stream`, (res) => {
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
    expect(passed.errors).toEqual([failure])
    // Express destroys the socket: the client gets the status and the partial body, then an abort,
    // never a clean end and never a problem body.
    expect(outcome.status).toBe(200)
    expect(outcome.body).toBe("partial ")
    expect(outcome.complete).toBe(false)
    expect(outcome.aborted).toBe(true)
    expect(logged).toHaveLength(1)
    expect(logged[0]![0].category).toBe("throttled")
    expect(logged[0]![1].status).toBe(200)
  })

  it("clears the route's content headers but keeps the others", async () => {
    const { app } = appWith(undefined, (app) => {
      app.get("/download", (_req, res) => {
        res.set({
          "Content-Disposition": 'attachment; filename="cert.pem"',
          ETag: '"abc"',
          "Content-Language": "de",
          "Content-Location": "/certificates/1.pem",
          "Last-Modified": "Sat, 21 Nov 2026 00:00:00 GMT",
          "Access-Control-Allow-Origin": "https://app.example.com"
        })
        throw byCategory["not-found"]()
      })
    })
    const url = await start(app)
    const res = await request(url).get("/download")
    expect(res.status).toBe(404)
    expect(res.headers["content-disposition"]).toBeUndefined()
    // No ETag at all: a problem is `no-store`, so none is computed either.
    expect(res.headers.etag).toBeUndefined()
    // The route's language is gone; the problem says its own.
    expect(res.headers["content-language"]).toBe("en")
    expect(res.headers["content-location"]).toBeUndefined()
    expect(res.headers["last-modified"]).toBeUndefined()
    expect(res.headers["access-control-allow-origin"]).toBe("https://app.example.com")
  })
})

describe("upstreamErrorHandler: wherever the failure is wrapped", () => {
  it("maps the rejection of Effect.runPromise in an async route", async () => {
    const { app } = appWith(undefined, (app) => {
      app.get("/run", async (_req, res) => {
        res.json(await Effect.runPromise(Effect.fail(doLikeRunning("REQ-RUN-1"))))
      })
      app.get("/gen", async (_req, res) => {
        const program = Effect.gen(function* () {
          yield* Effect.sleep("1 millis")
          return yield* byCategory.timeout()
        })
        res.json(await Effect.runPromise(program))
      })
      app.get("/die", async (_req, res) => {
        res.json(await Effect.runPromise(Effect.die(byCategory.rejected())))
      })
      app.get("/wrapped", (_req, _res, next) => {
        next(new Error("while ordering", { cause: byCategory["not-found"]() }))
      })
    })
    const url = await start(app)
    const run = await request(url).get("/run")
    expect(run.status).toBe(409)
    expect(run.headers["x-upstream-request-id"]).toBe("REQ-RUN-1")
    expect((await request(url).get("/gen")).status).toBe(504)
    expect((await request(url).get("/die")).status).toBe(422)
    expect((await request(url).get("/wrapped")).status).toBe(404)
  })

  it("maps Effect's HttpClientError (transport fault, timeout) without its URL or headers", async () => {
    const timeout = Object.assign(new Error("The operation timed out."), { name: "TimeoutError" })
    const { app } = appWith({ exposeUpstreamCodes: true }, (app) => {
      app.get("/refused", async () => {
        await Effect.runPromise(Effect.fail(transportError(new Error("ECONNREFUSED"))))
      })
      app.get("/timeout", (_req, _res, next) => next(transportError(timeout)))
    })
    const url = await start(app)
    const refused = await request(url).get("/refused")
    expect(refused.status).toBe(502)
    expect(refused.body.code).toBe("upstream_error")
    const timedOut = await request(url).get("/timeout")
    expect(timedOut.status).toBe(504)
    for (const res of [refused, timedOut]) {
      const seen = JSON.stringify(res.headers) + res.text
      expect(seen).not.toMatch(/SECRET|api\.example\.test|ECONNREFUSED|upstream-description/)
    }
  })
})

describe("upstreamErrorHandler: onFailure", () => {
  it("tells the app's logger the internal facts the response leaves out", async () => {
    const logged: Array<[FailureDescription, FailureContext]> = []
    const url = await start(
      appWith({ onFailure: (description, context) => logged.push([description, context]) }, failing).app
    )
    const res = await request(url).get("/do-like").set("X-Request-Id", "log-1")
    expect(logged).toHaveLength(1)
    const [description, context] = logged[0]!
    expect(description).toEqual({
      tag: "DoLikeError",
      reason: "RequestRunning",
      vendor: "do-like",
      code: "RequestRunning",
      codes: ["RequestRunning"],
      category: "conflict",
      retry: "safe",
      upstreamStatus: 200,
      upstreamRequestId: "20260301-ABCDEF0123",
      retryAfterMs: 1500,
      attempts: undefined
    })
    expect(context.requestId).toBe("log-1")
    expect(context.status).toBe(res.status)
    expect(context.request.path).toBe("/do-like")
    expect((context.error as UpstreamFailure)._tag).toBe("DoLikeError")
  })

  it("gets both ids into the log with the README's hook: ours and the DO-API RequestId", async () => {
    const lines: Array<string> = []
    const url = await start(
      appWith(
        {
          // As in the README: the description's upstreamRequestId, and our requestId from the context.
          onFailure: (description, { requestId, status }) =>
            lines.push(JSON.stringify({ msg: "upstream failure", ...description, requestId, status }))
        },
        failing
      ).app
    )
    await request(url).get("/do-like").set("X-Request-Id", "ours-1")
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({
      requestId: "ours-1",
      upstreamRequestId: "20260301-ABCDEF0123",
      status: 409,
      code: "RequestRunning"
    })
  })

  it("is not called for errors it passes on, and a throwing hook does not change the response", async () => {
    let calls = 0
    const { app } = appWith(
      {
        onFailure: () => {
          calls++
          throw new Error("logger down")
        }
      },
      (app) => {
        failing(app)
        app.get("/plain", () => {
          throw new Error("not ours")
        })
      }
    )
    const url = await start(app)
    expect((await request(url).get("/plain")).status).toBe(418)
    expect(calls).toBe(0)
    const res = await request(url).get("/fail/throttled")
    expect(calls).toBe(1)
    expect(res.status).toBe(503)
    expect(res.body.code).toBe("upstream_throttled")
  })
})

describe("upstreamErrorHandler: the problem on the wire", () => {
  it("sends the body as UTF-8 JSON with its byte length, and none for HEAD", async () => {
    const { app } = appWith(undefined, (app) => {
      app.get("/fail", () => {
        throw byCategory.conflict()
      })
    })
    const url = await start(app)
    const ja = await request(url).get("/fail").set("Accept-Language", "ja")
    expect(ja.headers["content-type"]).toBe("application/problem+json; charset=utf-8")
    // Japanese text: the length counts bytes, not characters.
    expect(Number(ja.headers["content-length"])).toBe(Buffer.byteLength(ja.text))
    expect(Buffer.byteLength(ja.text)).toBeGreaterThan(ja.text.length)
    expect(JSON.parse(ja.text)).toEqual(ja.body)
    const head = await request(url).head("/fail")
    expect(head.status).toBe(409)
    expect(head.headers["content-type"]).toBe("application/problem+json; charset=utf-8")
    expect(head.text ?? "").toBe("")
  })
})
