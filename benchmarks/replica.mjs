// One replica of the scale benchmark (`replicas.mjs` starts N of them): a CertCentral client built
// like an app builds it, over the Redis-shared rolling windows or its own in-memory ones, driving
// `concurrency` order loops from a common start (read from stdin once every replica said "ready")
// for `durationMs`. Prints one JSON line.
import { NodeRedis } from "@effect/platform-node"
import { CertCentral } from "@faultline/certcentral"
import { RollingWindowLimiter } from "@faultline/core"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const job = JSON.parse(process.env.BENCH_JOB ?? "{}")
const seen = { tooMany: 0, answers: 0 }
// The call under way in this fiber: its first send ends the limiter's wait.
const CurrentCall = Context.Reference("bench/CurrentCall", { defaultValue: () => undefined })

// Counts what the vendor answered, attempt by attempt (retries included), and notes each call's
// first send.
const counting = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.transformResponse(client, (response) =>
      Effect.gen(function* () {
        const call = yield* CurrentCall
        if (call !== undefined && call.sent === undefined) call.sent = Date.now()
        const r = yield* response
        seen.answers++
        if (r.status === 429) seen.tooMany++
        return r
      })
    )
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
  CertCentral.make({
    apiKey: Redacted.make(job.apiKey),
    baseUrl: job.url,
    rateLimit: job.windows,
    // Every call carries its own reference, so reconciliation (an outcome unknown under load) finds
    // that call's order, never another one with the same CSR, and duplicates are counted exactly.
    reconcile: { referenceField: job.referenceField }
  })
).pipe(Layer.provide(limiter), Layer.provide(counting))

// What a lost call ended with: the reason's tag (our own names, never upstream text).
const failureOf = (exit) => {
  if (exit._tag === "Success") return undefined
  const error = exit.cause.reasons?.find((r) => r._tag === "Fail")?.error
  return error?.reason?._tag ?? error?._tag ?? "defect"
}

const order = { certificate: { common_name: "bench.example.jp", csr: job.csr } }

// The start time, from the driver, once every replica is built (booting takes seconds on a busy box).
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
  let n = 0
  const loop = Effect.gen(function* () {
    while (Date.now() < start + job.durationMs) {
      const call = { started: Date.now(), sent: undefined }
      const reference = `${process.pid}-${n++}`
      const exit = yield* Effect.exit(
        certCentral
          .submitOrder("ssl_dv_geotrust", order, { reference })
          .pipe(Effect.provideService(CurrentCall, call))
      )
      calls.push({ ...call, ended: Date.now(), ok: exit._tag === "Success", failure: failureOf(exit) })
    }
  })
  yield* Effect.sleep(Math.max(0, start - Date.now()))
  yield* Effect.all(
    Array.from({ length: job.concurrency }, () => loop),
    { concurrency: "unbounded" }
  )
  return calls
})

const calls = await Effect.runPromise(Effect.scoped(Effect.provide(program, client)))
process.stdout.write(`${JSON.stringify({ calls, ...seen })}\n`)
process.exit(0)
