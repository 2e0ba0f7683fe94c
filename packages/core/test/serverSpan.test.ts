import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as References from "effect/References"
import type * as Tracer from "effect/Tracer"
import { recordingTracer } from "./recordingTracer.js"
import { describe, expect, it } from "vitest"
import { routeTemplate, serverSpan, withServerSpan } from "../src/adapter/serverSpan.js"

describe("routeTemplate", () => {
  it("reads Express's mount path and route, or Fastify's route url, never the concrete path", () => {
    expect(routeTemplate({ baseUrl: "/api", route: { path: "/orders/:id" } })).toBe("/api/orders/:id")
    expect(routeTemplate({ route: { path: "/orders/:id" } })).toBe("/orders/:id")
    expect(routeTemplate({ routeOptions: { url: "/orders/:id" } })).toBe("/orders/:id")
    // A RegExp route, a route-less middleware, an unmatched Fastify request: no template.
    expect(routeTemplate({ route: { path: /^\/orders/ } })).toBeUndefined()
    expect(routeTemplate({ baseUrl: "/api" })).toBeUndefined()
    expect(routeTemplate({ routeOptions: { url: undefined } })).toBeUndefined()
  })
})

describe("serverSpan", () => {
  it("is named METHOD /route/template with the HTTP attributes", () => {
    expect(
      serverSpan({
        method: "GET",
        baseUrl: "/api",
        route: { path: "/orders/:id" },
        originalUrl: "/api/orders/42?token=secret",
        protocol: "https"
      })
    ).toEqual({
      name: "GET /api/orders/:id",
      attributes: {
        "http.request.method": "GET",
        "http.route": "/api/orders/:id",
        "url.path": "/api/orders/42",
        "url.scheme": "https"
      }
    })
    expect(
      serverSpan({
        method: "POST",
        routeOptions: { url: "/orders" },
        url: "/orders",
        socket: { encrypted: true }
      })
    ).toEqual({
      name: "POST /orders",
      attributes: {
        "http.request.method": "POST",
        "http.route": "/orders",
        "url.path": "/orders",
        "url.scheme": "https"
      }
    })
  })

  it("is named for the method alone without a route, and HTTP without a method", () => {
    expect(serverSpan({ method: "DELETE" })).toEqual({
      name: "DELETE",
      attributes: { "http.request.method": "DELETE", "url.scheme": "http" }
    })
    expect(serverSpan({}).name).toBe("HTTP")
    // A method OpenTelemetry does not know is `_OTHER` (case-sensitive), the span named HTTP.
    expect(serverSpan({ method: "get" })).toEqual({
      name: "HTTP",
      attributes: { "http.request.method": "_OTHER", "url.scheme": "http" }
    })
  })

  it("runs an Effect in that server span", async () => {
    const seen = await Effect.runPromise(
      Effect.currentSpan.pipe(
        Effect.map((span) => ({
          name: span.name,
          kind: span.kind,
          attributes: Object.fromEntries(span.attributes)
        })),
        withServerSpan({ method: "GET", routeOptions: { url: "/zones/:zone" } })
      )
    )
    expect(seen).toEqual({
      name: "GET /zones/:zone",
      kind: "server",
      attributes: { "http.request.method": "GET", "http.route": "/zones/:zone", "url.scheme": "http" }
    })
  })

  it("captures no stack for the span", async () => {
    const { tracer } = recordingTracer()
    const frame = await Effect.runPromise(
      Effect.service(References.CurrentStackFrame).pipe(
        withServerSpan({ method: "GET", routeOptions: { url: "/zones/:zone" } }),
        Effect.withTracer(tracer)
      )
    )
    expect(frame?.name).toBe("GET /zones/:zone")
    expect(frame?.stack()).toBeUndefined()
  })
})

describe("withServerSpan over a real response", () => {
  const serve = (status: number, fail: boolean) =>
    new Promise<{ spans: Array<Tracer.NativeSpan>; answered: number }>((resolve, reject) => {
      const { spans, tracer } = recordingTracer()
      const server = createServer((req, res) => {
        const effect = (fail ? Effect.fail("no") : Effect.void).pipe(
          withServerSpan({ ...req, method: req.method, url: req.url }, res),
          Effect.withTracer(tracer)
        )
        // As the adapters do: the answer is written after the Effect ends.
        void Effect.runPromiseExit(effect).then(() => {
          res.statusCode = status
          res.end()
        })
      })
      server.listen(0, "127.0.0.1", async () => {
        const { port } = server.address() as AddressInfo
        try {
          const answer = await fetch(`http://127.0.0.1:${port}/zones/example.jp?key=secret`)
          await answer.arrayBuffer()
          // The span ends on the response's 'close', which Node emits right after the answer is out.
          await new Promise((r) => setImmediate(r))
          resolve({ spans, answered: answer.status })
        } catch (error) {
          reject(error)
        } finally {
          server.close()
        }
      })
    })

  it("ends when the answer is out, with its status; a 4xx leaves the status unset, a 5xx is an error", async () => {
    const ok = await serve(404, true)
    expect(ok.answered).toBe(404)
    const [span404] = ok.spans
    expect(span404?.status._tag).toBe("Ended")
    expect(Object.fromEntries(span404?.attributes ?? [])).toEqual({
      "http.request.method": "GET",
      "url.path": "/zones/example.jp",
      "url.scheme": "http",
      "http.response.status_code": 404
    })
    expect(span404?.status._tag === "Ended" && Exit.isSuccess(span404.status.exit)).toBe(true)

    const [span502] = (await serve(502, true)).spans
    expect(Object.fromEntries(span502?.attributes ?? [])).toMatchObject({
      "http.response.status_code": 502,
      "error.type": "502"
    })
    expect(span502?.status._tag === "Ended" && Exit.isFailure(span502.status.exit)).toBe(true)
  })
})
