import * as Effect from "effect/Effect"
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
    expect(serverSpan({ method: "GET", baseUrl: "/api", route: { path: "/orders/:id" } })).toEqual({
      name: "GET /api/orders/:id",
      attributes: { "http.request.method": "GET", "http.route": "/api/orders/:id" }
    })
    expect(serverSpan({ method: "POST", routeOptions: { url: "/orders" } })).toEqual({
      name: "POST /orders",
      attributes: { "http.request.method": "POST", "http.route": "/orders" }
    })
  })

  it("is named for the method alone without a route, and HTTP without a method", () => {
    expect(serverSpan({ method: "DELETE" })).toEqual({
      name: "DELETE",
      attributes: { "http.request.method": "DELETE" }
    })
    expect(serverSpan({}).name).toBe("HTTP")
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
      attributes: { "http.request.method": "GET", "http.route": "/zones/:zone" }
    })
  })
})
