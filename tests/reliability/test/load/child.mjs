// The load run, in its own process (node --expose-gc): 1,000 concurrent failing requests per burst
// through an Express app whose DO-API client talks to the simulator, through a recording proxy that
// notes which RequestId the simulator gave each call. Prints one JSON line of figures.
import * as http from "node:http"
import { DoApi } from "@faultline/do-api"
import { effectHandler, upstreamErrorHandler } from "@faultline/express-adapter"
import { startDoApiSimulator } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import express from "express"

const [bursts, concurrency] = process.argv.slice(2).map(Number)
let unhandled = 0
process.on("unhandledRejection", () => unhandled++)
process.on("uncaughtException", () => unhandled++)

const simulator = await startDoApiSimulator()
const target = new URL(simulator.url)

// zone (the path segment the call names) -> the RequestId the simulator answered that call with
const answered = new Map()
const proxy = http.createServer((req, res) => {
  const chunks = []
  req.on("data", (c) => chunks.push(c))
  req.on("end", () => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const body = []
        answer.on("data", (c) => body.push(c))
        answer.on("end", () => {
          const text = Buffer.concat(body).toString("utf8")
          try {
            const id = JSON.parse(text)?.ErrorResponse?.RequestId
            const zone = /\/(z[\w.-]+\.example)(?:\/|\.json)/.exec(req.url ?? "")?.[1]
            if (typeof id === "string" && zone !== undefined) answered.set(zone, id)
          } catch {}
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          res.end(text)
        })
      }
    )
    upstream.on("error", () => res.destroy())
    upstream.end(Buffer.concat(chunks))
  })
})
proxy.keepAliveTimeout = 60_000
// A backlog for a whole burst: the default (511) drops SYNs, and the retransmits stall a burst.
await new Promise((r) => proxy.listen(0, "127.0.0.1", 4096, r))
const proxyUrl = `http://127.0.0.1:${proxy.address().port}${target.pathname}`

const runtime = ManagedRuntime.make(
  DoApi.layer({
    accessKey: Redacted.make(simulator.accessKey),
    secretKey: Redacted.make(simulator.secretKey),
    serviceCode: simulator.serviceCode,
    baseUrl: proxyUrl,
    rateLimit: false,
    retry: false,
    timeout: "30 seconds"
  }).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
)

const app = express()
app.get(
  "/zones/:zone/records",
  effectHandler((req) => Effect.flatMap(Effect.service(DoApi), (api) => api.listRecords(req.params.zone)), {
    runtime
  })
)
app.use(upstreamErrorHandler())
const server = app.listen(0, "127.0.0.1", 4096)
server.keepAliveTimeout = 60_000
await new Promise((r) => server.once("listening", r))
const port = server.address().port
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })

const get = (zone) =>
  new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: `/zones/${zone}/records`, agent }, (res) => {
      res.resume()
      res.on("end", () => resolve({ status: res.statusCode, upstream: res.headers["x-upstream-request-id"] }))
    })
    req.on("error", reject)
  })

const heap = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const burst = async (round, n) => {
  const zones = Array.from({ length: n }, (_, i) => `z${round}-${i}.example`)
  const results = await Promise.all(zones.map(get))
  let mismatched = 0
  let missing = 0
  const statuses = {}
  results.forEach((r, i) => {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1
    const expected = answered.get(zones[i])
    if (r.upstream === undefined || expected === undefined) missing++
    else if (r.upstream !== expected) mismatched++
  })
  answered.clear()
  return { mismatched, missing, statuses }
}

// Warm-up, then the baseline.
await burst("warm", Math.min(100, concurrency))
const baseline = heap()
const rounds = []
const started = performance.now()
for (let b = 0; b < bursts; b++) rounds.push(await burst(b, concurrency))
const elapsedMs = Math.round(performance.now() - started)
const after = heap()

agent.destroy()
server.closeAllConnections()
server.close()
proxy.closeAllConnections()
proxy.close()
await runtime.dispose()
await simulator.close()
console.log(
  JSON.stringify({
    bursts,
    concurrency,
    elapsedMs,
    baselineHeapMiB: +(baseline / 2 ** 20).toFixed(1),
    afterHeapMiB: +(after / 2 ** 20).toFixed(1),
    unhandled,
    rounds
  })
)
