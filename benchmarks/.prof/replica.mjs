import { NodeRedis } from "@effect/platform-node"
import { CertCentral } from "@faultline/certcentral"
import { RollingWindowLimiter } from "@faultline/core"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const job = JSON.parse(process.env.BENCH_JOB ?? "{}")
const attempts = []
let seq = 0
const counting = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.make((request) => {
      const id = `${process.pid}-${seq++}`
      const sent = performance.timeOrigin + performance.now()
      return Effect.tap(client.execute(HttpClientRequest.setHeader(request, "x-bench-id", id)), (r) =>
        Effect.sync(() => {
          attempts.push({ id, sent, answered: performance.timeOrigin + performance.now(), status: r.status })
        })
      )
    })
  )
).pipe(Layer.provide(FetchHttpClient.layer))
const limiter =
  job.redisUrl === null
    ? RollingWindowLimiter.layerMemory
    : RollingWindowLimiter.layerRedis().pipe(
        Layer.provide(NodeRedis.layer({ url: job.redisUrl, disableOfflineQueue: true }))
      )
const client = Layer.effect(
  CertCentral,
  CertCentral.make({ apiKey: Redacted.make(job.apiKey), baseUrl: job.url, rateLimit: job.windows })
).pipe(Layer.provide(limiter), Layer.provide(counting))
const order = { certificate: { common_name: "bench.example.jp", csr: job.csr } }
const startAt = () =>
  new Promise((resolve) => {
    let input = ""
    process.stdin.on("data", (chunk) => {
      input += chunk
      if (input.includes("\n")) resolve(Number(input.trim()))
    })
  })
const program = Effect.gen(function* () {
  const certCentral = yield* CertCentral
  process.stdout.write("ready\n")
  const start = yield* Effect.promise(startAt)
  const calls = []
  const loop = Effect.gen(function* () {
    while (Date.now() < start + job.durationMs) {
      const started = Date.now()
      const exit = yield* Effect.exit(certCentral.submitOrder("ssl_dv_geotrust", order))
      calls.push({ started, ended: Date.now(), ok: exit._tag === "Success" })
    }
  })
  yield* Effect.sleep(Math.max(0, start - Date.now()))
  yield* Effect.all(Array.from({ length: job.concurrency }, () => loop), { concurrency: "unbounded" })
  return calls
})
const calls = await Effect.runPromise(Effect.scoped(Effect.provide(program, client)))
process.stdout.write(`${JSON.stringify({ calls, attempts, cpu: process.cpuUsage() })}\n`)
process.exit(0)
