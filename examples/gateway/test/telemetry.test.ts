// The gateway's telemetry end to end: with an OTLP endpoint set, effect's own OTLP exporters post
// the spans and metrics to a real OTLP/HTTP receiver on 127.0.0.1 (a plain node:http server that
// keeps every JSON body posted to /v1/traces and /v1/metrics); a DNS change that fails at DO-API is
// found there by its RequestId, with the HTTP conventions' attributes and the failure metric.
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { faults, makeCsr } from "@faultline/testing"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { frameworks, type RunningGateway, startGateway } from "../src/gateway.js"
import { doApiOf, type Simulators, startSimulators } from "../src/simulators.js"
import { telemetryConfig } from "../src/telemetry.js"
import { testSettings } from "./settings.js"

interface Posted {
  readonly path: string
  readonly contentType: string | undefined
  readonly raw: Buffer
  /** The JSON body; `undefined` for protobuf. */
  readonly body: unknown
}

interface OtlpReceiver {
  readonly url: string
  readonly posted: Array<Posted>
  readonly close: () => Promise<void>
}

const startReceiver = (): Promise<OtlpReceiver> =>
  new Promise((resolve) => {
    const posted: Array<Posted> = []
    const server = createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const raw = Buffer.concat(chunks)
        const contentType = req.headers["content-type"]
        const json = contentType?.startsWith("application/json") === true
        posted.push({
          path: req.url ?? "",
          contentType,
          raw,
          body: json ? JSON.parse(raw.toString("utf8")) : undefined
        })
        res.writeHead(200, { "content-type": "application/json" }).end("{}")
      })
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        posted,
        close: () => new Promise((done) => server.close(() => done()))
      })
    })
  })

// OTLP/JSON shapes, as much as the test reads.
interface KeyValue {
  readonly key: string
  readonly value: {
    readonly stringValue?: string
    readonly intValue?: number | string
    readonly boolValue?: boolean
  }
}
interface OtlpSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId?: string
  readonly name: string
  readonly kind: number
  readonly attributes: ReadonlyArray<KeyValue>
}
interface DataPoint {
  readonly attributes: ReadonlyArray<KeyValue>
  readonly asDouble?: number
  readonly asInt?: number | string
}
interface OtlpMetric {
  readonly name: string
  readonly unit: string
  readonly sum?: { readonly dataPoints: ReadonlyArray<DataPoint>; readonly isMonotonic: boolean }
}

const attributesOf = (list: ReadonlyArray<KeyValue>): Record<string, unknown> =>
  Object.fromEntries(
    list.map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : value.boolValue)
    ])
  )

const spansOf = (posted: ReadonlyArray<Posted>): ReadonlyArray<OtlpSpan> =>
  posted
    .filter((p) => p.path === "/v1/traces")
    .flatMap(
      (p) =>
        (p.body as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<OtlpSpan> }> }> }).resourceSpans
    )
    .flatMap((r) => r.scopeSpans)
    .flatMap((s) => s.spans)

// Cumulative sums: the last export holds the totals.
const lastMetrics = (posted: ReadonlyArray<Posted>): ReadonlyArray<OtlpMetric> => {
  const last = posted.filter((p) => p.path === "/v1/metrics").at(-1)
  if (last === undefined) return []
  return (
    last.body as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: Array<OtlpMetric> }> }> }
  ).resourceMetrics
    .flatMap((r) => r.scopeMetrics)
    .flatMap((s) => s.metrics)
}

const client = 3
const server = 2

let csr = ""
beforeAll(async () => {
  csr = await makeCsr("shop.example.jp")
})

describe("telemetryConfig", () => {
  const read = (env: Record<string, string>) =>
    Effect.runPromise(
      Effect.provideService(
        Effect.gen(function* () {
          return yield* telemetryConfig
        }),
        ConfigProvider.ConfigProvider,
        ConfigProvider.fromEnv({ env })
      )
    )

  it("exports once OTEL_EXPORTER_OTLP_ENDPOINT is set, over http/protobuf unless told http/json", async () => {
    expect(await read({})).toBeUndefined()
    expect(await read({ OTEL_EXPORTER_OTLP_ENDPOINT: "" })).toBeUndefined()
    expect(await read({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toEqual({
      endpoint: "http://127.0.0.1:4318",
      protocol: "http/protobuf",
      serviceName: "certificate-gateway"
    })
    expect(
      await read({
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "gateway-eu"
      })
    ).toEqual({ endpoint: "http://collector:4318/", protocol: "http/json", serviceName: "gateway-eu" })
    expect(
      await read({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_SDK_DISABLED: "true" })
    ).toBeUndefined()
    await expect(
      read({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })
    ).rejects.toBeDefined()
  })
})

describe.each(frameworks)("the %s gateway with OTEL_EXPORTER_OTLP_ENDPOINT set", (framework) => {
  let receiver: OtlpReceiver | undefined
  let simulators: Simulators | undefined
  let gateway: RunningGateway | undefined
  afterEach(async () => {
    await gateway?.close()
    await simulators?.close()
    await receiver?.close()
  })

  it("exports the failed change's client span with DO-API's RequestId, the server span and the failure metric", async () => {
    receiver = await startReceiver()
    simulators = await startSimulators({ dns: "do-api" })
    const settings = {
      ...testSettings,
      telemetry: { endpoint: receiver.url, protocol: "http/json" as const, serviceName: "gateway-under-test" }
    }
    gateway = await startGateway({ framework, upstreams: simulators.upstreams, settings })
    // DO-API in maintenance at the commit: the DNS change fails, answered 503 with the RequestId.
    doApiOf(simulators).inject(faults.error("StatusError"), { method: "PUT", path: "commit.json" })
    const answer = await fetch(`${gateway.url}/certificates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ commonName: "shop.example.jp", csr })
    })
    expect(answer.status).toBe(503)
    const requestId = answer.headers.get("x-upstream-request-id")
    expect(requestId).toMatch(/^[A-Za-z0-9]/)
    // Closing disposes the runtime: the exporters flush what they hold.
    await gateway.close()
    gateway = undefined

    expect(receiver.posted.map((p) => p.contentType)).toEqual(
      receiver.posted.map(() => expect.stringMatching(/^application\/json/))
    )
    const spans = spansOf(receiver.posted)
    const commit = spans.find(
      (s) => s.kind === client && attributesOf(s.attributes)["faultline.upstream_request_id"] === requestId
    )
    expect(commit).toBeDefined()
    const doApi = new URL(simulators.dns.url)
    const commitAttributes = attributesOf(commit?.attributes ?? [])
    expect(commit?.name).toBe("PUT")
    expect(commitAttributes).toMatchObject({
      "http.request.method": "PUT",
      "server.address": doApi.hostname,
      "server.port": Number(doApi.port),
      "url.full": expect.stringMatching(new RegExp(`^${doApi.origin}/.*/commit\\.json$`)),
      "http.response.status_code": expect.any(Number),
      "error.type": "StatusError"
    })
    expect(commitAttributes).not.toHaveProperty("peer.service")
    // Its parent: the client's call span, which says what failed and how often it was sent.
    const call = spans.find((s) => s.spanId === commit?.parentSpanId)
    expect(call?.name).toBe("DoApi.commit")
    expect(attributesOf(call?.attributes ?? [])).toMatchObject({
      "faultline.vendor": "do-api",
      "faultline.reason": "StatusError",
      "faultline.category": "unavailable",
      "faultline.upstream_request_id": requestId
    })
    // The request's server span, in the same trace, with the status that was answered.
    const request = spans.find((s) => s.kind === server)
    expect(request?.name).toBe("POST /certificates")
    expect(request?.traceId).toBe(commit?.traceId)
    expect(attributesOf(request?.attributes ?? [])).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/certificates",
      "url.path": "/certificates",
      "url.scheme": "http",
      "http.response.status_code": 503,
      "error.type": "503"
    })
    // No credential of either vendor reaches the collector.
    const exported = JSON.stringify(receiver.posted)
    const secrets = [
      simulators.upstreams.doApi?.accessKey,
      simulators.upstreams.doApi?.secretKey,
      simulators.upstreams.certCentral.apiKey
    ].map((secret) => (Redacted.isRedacted(secret) ? Redacted.value(secret) : String(secret)))
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(4)
      expect(exported).not.toContain(secret)
    }

    const failures = lastMetrics(receiver.posted).find((m) => m.name === "faultline.upstream.failures")
    expect(failures?.unit).toBe("{failure}")
    expect(failures?.sum?.isMonotonic).toBe(true)
    const points = (failures?.sum?.dataPoints ?? []).map((p) => ({
      attributes: attributesOf(p.attributes),
      value: Number(p.asDouble ?? p.asInt)
    }))
    expect(points).toContainEqual({
      attributes: {
        unit: "{failure}",
        "faultline.vendor": "do-api",
        "faultline.reason": "StatusError",
        "faultline.category": "unavailable"
      },
      value: 1
    })
    expect(exported).not.toContain("IIJAPI")
  })
})

describe("the gateway over OTLP's default protocol", () => {
  let receiver: OtlpReceiver | undefined
  let simulators: Simulators | undefined
  let gateway: RunningGateway | undefined
  afterEach(async () => {
    await gateway?.close()
    await simulators?.close()
    await receiver?.close()
  })

  it("posts protobuf to /v1/traces and /v1/metrics, the failed change's RequestId in the traces", async () => {
    receiver = await startReceiver()
    simulators = await startSimulators({ dns: "do-api" })
    const settings = {
      ...testSettings,
      telemetry: {
        endpoint: receiver.url,
        protocol: "http/protobuf" as const,
        serviceName: "gateway-under-test"
      }
    }
    gateway = await startGateway({ framework: "express", upstreams: simulators.upstreams, settings })
    doApiOf(simulators).inject(faults.error("StatusError"), { method: "PUT", path: "commit.json" })
    const answer = await fetch(`${gateway.url}/certificates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ commonName: "shop.example.jp", csr })
    })
    const requestId = answer.headers.get("x-upstream-request-id") ?? ""
    expect(requestId).not.toBe("")
    await gateway.close()
    gateway = undefined
    expect(new Set(receiver.posted.map((p) => p.path))).toEqual(new Set(["/v1/traces", "/v1/metrics"]))
    for (const post of receiver.posted) expect(post.contentType).toBe("application/x-protobuf")
    // Protobuf writes strings as their UTF-8 bytes: the id and the metric's name are there as they are.
    const traces = Buffer.concat(receiver.posted.filter((p) => p.path === "/v1/traces").map((p) => p.raw))
    expect(traces.includes(requestId)).toBe(true)
    expect(traces.includes("faultline.upstream_request_id")).toBe(true)
    const metrics = Buffer.concat(receiver.posted.filter((p) => p.path === "/v1/metrics").map((p) => p.raw))
    expect(metrics.includes("faultline.upstream.failures")).toBe(true)
  })
})
