import "reflect-metadata"
import type { AddressInfo } from "node:net"
import * as net from "node:net"
import { inspect } from "node:util"
import { CertCentral } from "@faultline/certcentral"
import type { FailureContext, FailureDescription } from "@faultline/core"
import { DoApi } from "@faultline/do-api"
import { Dpf } from "@faultline/dpf"
import { effectHandler, upstreamErrorHandler } from "@faultline/express-adapter"
import { FaultlineModule } from "@faultline/nest-adapter"
import type { CertCentralSimulatorHandle, DoApiSimulatorHandle, DpfSimulatorHandle } from "@faultline/testing"
import { Controller, Get, type INestApplication, type LoggerService, Post } from "@nestjs/common"
import { ExpressAdapter } from "@nestjs/platform-express"
import { FastifyAdapter } from "@nestjs/platform-fastify"
import { Test } from "@nestjs/testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"
import express from "express"

/** Everything the apps and the clients wrote: log lines, errors as serialised, spans. */
export interface Capture {
  readonly logs: Array<string>
  readonly errors: Array<string>
  readonly spans: Array<Tracer.NativeSpan>
}

export const newCapture = (): Capture => ({ logs: [], errors: [], spans: [] })

/** Every span a tracer received, as text: names, attributes, events, status and the exit. */
export const spanText = (spans: ReadonlyArray<Tracer.NativeSpan>): string =>
  spans
    .map((span) =>
      [
        span.name,
        inspect([...span.attributes.entries()], { depth: 6 }),
        inspect(span.events, { depth: 6 }),
        inspect(span.status, { depth: 8 })
      ].join(" ")
    )
    .join("\n")

/** An error as a logger would show it: message, stack, `toJSON`, `inspect`. */
export const errorText = (error: unknown): string =>
  [
    String((error as Error)?.message),
    String((error as Error)?.stack),
    safeJson(error),
    inspect(error, { depth: 10 })
  ].join("\n")

const safeJson = (u: unknown) => {
  try {
    return JSON.stringify(u)
  } catch {
    return ""
  }
}

export interface ClientOptions {
  readonly timeout?: string | undefined
  readonly attempts?: number | undefined
  /** The retries' total budget; a Retry-After beyond it ends the retries. Default 1 second. */
  readonly maxElapsed?: string | undefined
  readonly reconcile?: boolean | undefined
}

/** The three clients against the simulators, logging at Debug and tracing into `capture`. */
export const clientsLayer = (
  certCentral: CertCentralSimulatorHandle,
  doApi: DoApiSimulatorHandle,
  dpf: DpfSimulatorHandle,
  capture: Capture,
  options: ClientOptions = {}
) => {
  const tracer = Tracer.make({
    span(spanOptions) {
      const span = new Tracer.NativeSpan(spanOptions)
      capture.spans.push(span)
      return span
    }
  })
  const logger = Logger.make((entry) => {
    capture.logs.push(
      [
        entry.logLevel,
        inspect(entry.message, { depth: 8 }),
        Cause.pretty(entry.cause),
        inspect(entry.fiber.getRef(References.CurrentLogAnnotations), { depth: 4 })
      ].join(" ")
    )
  })
  const retry = {
    jitter: false,
    baseDelay: "1 millis",
    maxAttempts: options.attempts ?? 2,
    maxElapsed: options.maxElapsed ?? "1 second"
  } as const
  const timeout = options.timeout ?? "2 seconds"
  const reconcile = options.reconcile === false ? false : { settle: "0 millis" }
  return Layer.mergeAll(
    CertCentral.layer({
      apiKey: Redacted.make(certCentral.apiKey),
      baseUrl: certCentral.url,
      rateLimit: false,
      timeout,
      retry,
      ...(reconcile === false ? { reconcile: false } : { reconcile })
    } as never),
    DoApi.layer({
      accessKey: Redacted.make(doApi.accessKey),
      secretKey: Redacted.make(doApi.secretKey),
      serviceCode: doApi.serviceCode,
      rateLimit: false,
      baseUrl: doApi.url,
      timeout,
      retry,
      ...(reconcile === false ? { reconcile: false } : { reconcile })
    } as never),
    Dpf.layer({
      ...dpf.clientOptions,
      rateLimit: false,
      timeout,
      retry,
      jobInterval: "1 millis",
      jobPolls: 5,
      ...(reconcile === false ? { reconcile: false } : { reconcile })
    } as never)
  ).pipe(
    Layer.provide(FetchHttpClient.layer),
    Layer.orDie,
    Layer.provideMerge(Layer.succeed(Tracer.Tracer, tracer)),
    Layer.provideMerge(Logger.layer([logger])),
    Layer.provideMerge(Layer.succeed(References.MinimumLogLevel, "Debug"))
  )
}

export type Clients = CertCentral | DoApi | Dpf

/** The id `startDpfSimulator` gives its first zone (`example.jp` by default); the canary checks it. */
export const dpfZoneId = "m0000000000001"
export type ClientsRuntime = ManagedRuntime.ManagedRuntime<Clients, never>

/** The calls every app makes: one per vendor, a read and a write. */
export const calls = {
  certCentralRead: Effect.flatMap(Effect.service(CertCentral), (c) => c.getOrder(1)),
  certCentralOrder: Effect.flatMap(Effect.service(CertCentral), (c) =>
    c.submitOrder("ssl_dv_geotrust", {
      certificate: { common_name: "www.example.jp" },
      dcv_method: "dns-txt-token"
    })
  ),
  doApiRead: Effect.flatMap(Effect.service(DoApi), (c) => c.listZones()),
  doApiAdd: Effect.flatMap(Effect.service(DoApi), (c) =>
    c.addRecord("example.jp", { owner: "www", ttl: 300, recordType: "A", rdata: "198.51.100.1" })
  ),
  dpfRead: Effect.flatMap(Effect.service(Dpf), (c) => c.listZones()),
  dpfAdd: Effect.flatMap(Effect.service(Dpf), (c) =>
    c.addRecord(dpfZoneId, { name: "www.example.jp.", rrtype: "A", rdata: ["198.51.100.1"], ttl: 300 })
  )
}

export const routes = ["cc/read", "cc/order", "do/read", "do/add", "dpf/read", "dpf/add"] as const
export type Route = (typeof routes)[number]

const effectOf = (route: Route): Effect.Effect<unknown, unknown, Clients> =>
  route === "cc/read"
    ? calls.certCentralRead
    : route === "cc/order"
      ? calls.certCentralOrder
      : route === "do/read"
        ? calls.doApiRead
        : route === "do/add"
          ? calls.doApiAdd
          : route === "dpf/read"
            ? calls.dpfRead
            : calls.dpfAdd

export interface RunningApp {
  readonly name: string
  readonly port: number
  readonly close: () => Promise<void>
}

const recordFailure =
  (capture: Capture) => (description: FailureDescription, context: FailureContext<unknown>) => {
    capture.logs.push(
      JSON.stringify({ ...description, requestId: context.requestId, status: context.status })
    )
    capture.errors.push(errorText(context.error))
  }

/** An Express app: every route an `effectHandler`, failures answered by `upstreamErrorHandler`. */
export const startExpress = async (
  runtime: ClientsRuntime,
  capture: Capture,
  options: { readonly exposeUpstreamCodes?: boolean } = {}
): Promise<RunningApp> => {
  const app = express()
  for (const route of routes) {
    const handler = effectHandler(() => effectOf(route), { runtime })
    if (route.endsWith("read")) app.get(`/${route}`, handler)
    else app.post(`/${route}`, handler)
  }
  app.use(upstreamErrorHandler({ ...options, onFailure: recordFailure(capture) }))
  const server = app.listen(0, "127.0.0.1")
  await new Promise<void>((resolve) => server.once("listening", () => resolve()))
  return {
    name: `express${options.exposeUpstreamCodes ? " (exposeUpstreamCodes)" : ""}`,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

@Controller()
class VendorController {
  @Get("cc/read")
  ccRead() {
    return calls.certCentralRead
  }
  @Post("cc/order")
  ccOrder() {
    return calls.certCentralOrder
  }
  @Get("do/read")
  doRead() {
    return calls.doApiRead
  }
  @Post("do/add")
  doAdd() {
    return calls.doApiAdd
  }
  @Get("dpf/read")
  dpfRead() {
    return calls.dpfRead
  }
  @Post("dpf/add")
  dpfAdd() {
    return calls.dpfAdd
  }
}

/** A Nest logger that keeps every line (the filter's default failure log goes here). */
class CapturingLogger implements LoggerService {
  constructor(private readonly capture: Capture) {}
  private keep(level: string, message: unknown, rest: ReadonlyArray<unknown>) {
    this.capture.logs.push(`${level} ${inspect([message, ...rest], { depth: 8 })}`)
  }
  log(message: unknown, ...rest: Array<unknown>) {
    this.keep("log", message, rest)
  }
  error(message: unknown, ...rest: Array<unknown>) {
    this.keep("error", message, rest)
  }
  warn(message: unknown, ...rest: Array<unknown>) {
    this.keep("warn", message, rest)
  }
  debug(message: unknown, ...rest: Array<unknown>) {
    this.keep("debug", message, rest)
  }
  verbose(message: unknown, ...rest: Array<unknown>) {
    this.keep("verbose", message, rest)
  }
}

/** A Nest app on a platform, with Effect-returning controllers and the module's default logging. */
export const startNest = async (
  platform: "express" | "fastify",
  runtime: ClientsRuntime,
  capture: Capture,
  options: { readonly exposeUpstreamCodes?: boolean } = {}
): Promise<RunningApp> => {
  const moduleRef = await Test.createTestingModule({
    imports: [FaultlineModule.forRoot({ runtime: runtime as never, ...options })],
    controllers: [VendorController]
  }).compile()
  const app: INestApplication = moduleRef.createNestApplication(
    platform === "express" ? new ExpressAdapter() : new FastifyAdapter(),
    { logger: new CapturingLogger(capture) }
  )
  await app.listen(0, "127.0.0.1")
  if (platform === "fastify") await app.getHttpAdapter().getInstance().ready()
  const server = app.getHttpServer() as { address(): AddressInfo }
  return {
    name: `nest/${platform}${options.exposeUpstreamCodes ? " (exposeUpstreamCodes)" : ""}`,
    port: server.address().port,
    close: () => app.close()
  }
}

/** One request over a raw socket; the exact bytes of the status line, headers and body. */
export const rawRequest = (
  port: number,
  route: Route,
  headers: Record<string, string> = {}
): Promise<string> =>
  new Promise((resolve, reject) => {
    const method = route.endsWith("read") ? "GET" : "POST"
    const socket = net.connect(port, "127.0.0.1")
    const chunks: Array<Buffer> = []
    socket.on("data", (chunk) => chunks.push(chunk))
    socket.on("error", reject)
    socket.on("close", () => resolve(Buffer.concat(chunks).toString("latin1")))
    const extra = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")
    const body = method === "POST" ? "{}" : ""
    socket.write(
      `${method} /${route} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}` +
        (method === "POST" ? `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n` : "") +
        `\r\n${body}`
    )
  })
