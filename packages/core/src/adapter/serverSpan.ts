import * as Effect from "effect/Effect"

/**
 * The slice of a framework's request the server span reads: the method and where the framework put
 * the matched route template (Express: `baseUrl` + `route.path`; Fastify: `routeOptions.url`).
 */
export interface RoutedRequest {
  readonly method?: string | undefined
  readonly baseUrl?: string | undefined
  readonly route?: { readonly path?: unknown } | undefined
  readonly routeOptions?: { readonly url?: unknown } | undefined
}

/** The name and attributes of the server span an adapter runs a handler's Effect in. */
export interface ServerSpan {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
}

/** The matched route template (`/api/orders/:id`), never the concrete path; `undefined` when unknown. */
export const routeTemplate = (request: RoutedRequest): string | undefined => {
  const express = request.route?.path
  if (typeof express === "string") return `${request.baseUrl ?? ""}${express}`
  const fastify = request.routeOptions?.url
  return typeof fastify === "string" ? fastify : undefined
}

/**
 * The server span of a request, as OpenTelemetry's HTTP conventions name it: `METHOD /route/template`
 * (`METHOD` alone when no route matched), with `http.request.method` and `http.route`. Named for the
 * template, never the concrete path: ids in paths would make every request its own span name.
 */
export const serverSpan = (request: RoutedRequest): ServerSpan => {
  const method = typeof request.method === "string" && request.method !== "" ? request.method : "HTTP"
  const route = routeTemplate(request)
  return {
    name: route === undefined ? method : `${method} ${route}`,
    attributes: { "http.request.method": method, ...(route === undefined ? {} : { "http.route": route }) }
  }
}

/** Runs a handler's Effect in the request's server span, so the vendor clients' spans nest under it. */
export const withServerSpan =
  (request: RoutedRequest) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const span = serverSpan(request)
    return Effect.withSpan(self, span.name, { kind: "server", attributes: span.attributes })
  }
