import { NodeRedis } from "@effect/platform-node"
import { RollingWindowLimiter } from "@faultline/core"
import { assert, describe, it } from "@effect/vitest"
import { CertCentralSimulator, type RedisServerHandle, startRedisServer } from "@faultline/testing"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Redis from "effect/persistence/Redis"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll } from "vitest"
import { CertCentral } from "../src/CertCentral.js"
import { anOrder } from "./simulator.js"

// Replicas on one API key share one budget through a real redis-server: each "replica" here is a
// client built on its own (own Redis connection, own HTTP client), as in separate processes. The
// simulator holds DigiCert's rolling windows exactly (scaled down) and answers 429 past them.

const canary = "CANARY-DEVKEY-shared-budget"
const windows = {
  client: [{ limit: 8, window: "1 second" as const }],
  sim: [{ limit: 8, windowMillis: 1000 }]
}

let redis: RedisServerHandle
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.close()
})

/** Counts the 429 answers the client saw (each one a request the vendor refused). */
const counting = (answered: { tooMany: number }): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transformResponse(client, (response) =>
        Effect.tap(response, (r) =>
          Effect.sync(() => {
            if (r.status === 429) answered.tooMany++
          })
        )
      )
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))

const replica = (baseUrl: string, answered: { tooMany: number }) =>
  Layer.effect(
    CertCentral,
    CertCentral.make({
      apiKey: Redacted.make(canary),
      baseUrl,
      rateLimit: windows.client,
      timeout: "5 seconds",
      retry: { maxAttempts: 40, maxElapsed: "60 seconds", baseDelay: "100 millis", maxDelay: "1 second" }
    })
  ).pipe(
    Layer.provide(RollingWindowLimiter.layerRedis({ prefix: "shared:" })),
    Layer.provide(NodeRedis.layer({ url: redis.url, disableOfflineQueue: true })),
    Layer.provide(counting(answered))
  )

describe("CertCentral over a budget shared in Redis", () => {
  it.live(
    "3 replicas, orders and reads, Redis stopped and restarted mid-run: no call lost, no order twice, no 429",
    () =>
      Effect.gen(function* () {
        const sim = yield* CertCentralSimulator.scoped({ apiKeys: [canary], rateLimits: windows.sim }).pipe(
          Effect.orDie
        )
        const answered = { tooMany: 0 }
        const clients = yield* Effect.forEach([1, 2, 3], () =>
          Effect.map(Layer.build(replica(sim.url, answered)), (context) => Context.get(context, CertCentral))
        )
        let done = 0
        const orders = 3 * 4
        // Each replica: 4 orders and 8 reads at once, 36 calls in all over a budget of 8 per second.
        const work = Effect.forEach(
          clients,
          (client) =>
            Effect.forEach(
              Array.from({ length: 12 }, (_, i) => i),
              (i) =>
                (i < 4
                  ? Effect.asVoid(client.submitOrder("ssl_dv_geotrust", anOrder))
                  : Effect.asVoid(client.listOrders({ limit: 1 }))
                ).pipe(Effect.tap(() => Effect.sync(() => done++))),
              { concurrency: "unbounded" }
            ),
          { concurrency: "unbounded" }
        )
        // Redis goes away once a few calls are done, and comes back a moment later.
        const outage = Effect.gen(function* () {
          while (done < 10) yield* Effect.sleep("20 millis")
          yield* Effect.promise(() => redis.stop())
          yield* Effect.sleep("1500 millis")
          yield* Effect.promise(() => redis.restart())
        })
        const [results] = yield* Effect.all([Effect.exit(work), outage], { concurrency: 2 })
        assert.strictEqual(results._tag, "Success", "every call ended well")
        assert.strictEqual(done, 36)
        assert.strictEqual(sim.orders().length, orders, "one order per submitOrder")
        assert.strictEqual(answered.tooMany, 0, "the vendor never answered 429")
      }).pipe(Effect.scoped)
  )

  it.live("the API key never reaches Redis: its keys carry a hash of it", () =>
    Effect.gen(function* () {
      const keys = yield* (yield* Redis.Redis).send<Array<string>>("KEYS", "*")
      assert.isAbove(keys.length, 0)
      for (const key of keys) {
        assert.notInclude(key, canary)
        assert.match(key, /^shared:certcentral:[0-9a-f]{16}(:flight)?$/)
      }
    }).pipe(Effect.provide(NodeRedis.layer({ url: redis.url })))
  )
})
