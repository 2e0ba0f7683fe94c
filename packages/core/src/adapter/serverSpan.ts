import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Tracer from "effect/Tracer"
import { knownMethod } from "../telemetry/upstreamUrl.js"

/**
 * The slice of a framework's request the server span reads: the method, where the framework put
 * the matched route template (Express: `baseUrl` + `route.path`; Fastify: `routeOptions.url`), the
 * request target (Express: `originalUrl`; Node and Fastify: `url`) and the scheme (Express's and
 * Fastify's `protocol`, else whether the socket is TLS).
 */
export interface RoutedRequest {
  readonly method?: string | undefined
  readonly baseUrl?: string | undefined
  readonly route?: { readonly path?: unknown } | undefined
  readonly routeOptions?: { readonly url?: unknown } | undefined
  readonly originalUrl?: string | undefined
  readonly url?: string | undefined
  readonly protocol?: string | undefined
  /** Node's socket: a TLS socket has `encrypted: true`. */
  readonly socket?: object | undefined
}

/**
 * The slice of Node's `ServerResponse` (Express's response, Fastify's `reply.raw`) the server span
 * reads once the answer is out: its status, and whether it finished or the connection closed first.
 */
export interface AnsweredResponse {
  readonly statusCode: number
  readonly writableFinished: boolean
  readonly destroyed: boolean
  once(event: "close", listener: () => void): unknown
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

// `url.path`: the request target without its query (which may carry secrets: it is not recorded).
const pathOf = (request: RoutedRequest): string | undefined => {
  const target = request.originalUrl ?? request.url
  if (typeof target !== "string" || target === "") return undefined
  const end = target.search(/[?#]/)
  return end === -1 ? target : target.slice(0, end)
}

const schemeOf = (request: RoutedRequest): string =>
  request.protocol === "https" || request.protocol === "http"
    ? request.protocol
    : (request.socket as { readonly encrypted?: unknown } | undefined)?.encrypted === true
      ? "https"
      : "http"

/**
 * The server span of a request, after OpenTelemetry's stable HTTP server conventions
 * (https://opentelemetry.io/docs/specs/semconv/http/http-spans/#http-server-span): named
 * `METHOD /route/template` (`METHOD` alone when no route matched, `HTTP` for an unknown method),
 * with `http.request.method`, `http.route` (when a route matched), `url.path` and `url.scheme`.
 * Named for the template, never the concrete path: ids in paths would make every request its own
 * span name. `url.query` is left out: a query may carry secrets.
 */
export const serverSpan = (request: RoutedRequest): ServerSpan => {
  const method = knownMethod(request.method)
  const route = routeTemplate(request)
  const path = pathOf(request)
  const named = method === "_OTHER" ? "HTTP" : method
  return {
    name: route === undefined ? named : `${named} ${route}`,
    attributes: {
      "http.request.method": method,
      ...(route === undefined ? {} : { "http.route": route }),
      ...(path === undefined ? {} : { "url.path": path }),
      "url.scheme": schemeOf(request)
    }
  }
}

// Our call site is known: no stack is captured for the span (effect captures one per span by default).
const noStack = { captureStackTrace: false } as const

// Ends the span once the answer is out: its status (`error.type` the status for a 5xx, as the
// conventions say; a 4xx leaves the span's status unset on a server). A connection closed before
// the answer finished has no status; the Effect's exit says what happened. Node's response emits
// 'close' in both cases (after 'finish' when it finished), so one listener per request watches both.
const endWhenAnswered = (
  span: Tracer.Span,
  exit: Exit.Exit<unknown, unknown>,
  response: AnsweredResponse,
  clock: Clock.Clock
): void => {
  const end = () => {
    const status = response.writableFinished ? response.statusCode : undefined
    if (status !== undefined) span.attribute("http.response.status_code", status)
    if (status !== undefined && status >= 500) span.attribute("error.type", String(status))
    span.end(clock.currentTimeNanosUnsafe(), status !== undefined && status < 500 ? Exit.void : exit)
  }
  if (response.destroyed) end()
  else response.once("close", end)
}

/**
 * Runs a handler's Effect in the request's server span, so the vendor clients' spans nest under it.
 * Given the response, the span lasts until the answer is out (the adapter and its error handler
 * answer after the Effect) and carries `http.response.status_code`, and `error.type` for a 5xx;
 * without it, the span ends with the Effect.
 */
export const withServerSpan =
  (request: RoutedRequest, response?: AnsweredResponse | undefined) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => {
    const span = serverSpan(request)
    const options = { kind: "server", attributes: span.attributes } as const
    if (response === undefined) return Effect.withSpan(self, span.name, { ...options, ...noStack })
    return Effect.flatMap(Effect.makeSpan(span.name, options), (made) =>
      Effect.withParentSpan(self, made, noStack).pipe(
        Effect.onExit((exit) =>
          Clock.clockWith((clock) => Effect.sync(() => endWhenAnswered(made, exit, response, clock)))
        )
      )
    )
  }
