import { NodeRedis } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { type RedisServerHandle, startRedisServer } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll } from "vitest"
import { layerStoreRedis } from "../src/rollingWindowRedis.js"
import { layerStoreMemory, type ReserveOptions, RollingWindowStore } from "../src/RollingWindowStore.js"

// The same scenario over both stores: they follow one rule, so they answer alike. Only the kinds of
// answer and the order of slots are compared, never how long anything took.
let redis: RedisServerHandle
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.close()
})

const windows = [{ limit: 3, windowMillis: 60_000 }]
const options = (key: string, id: string): ReserveOptions => ({
  key,
  windows,
  id,
  holdMillis: 120_000,
  pollMillis: 10,
  horizonMillis: 120_000
})

const scenario = (key: string) =>
  Effect.gen(function* () {
    const store = yield* RollingWindowStore
    const answers: Array<string> = []
    const note = (r: { _tag: string; delayMillis?: number }) =>
      answers.push(r._tag === "Reserved" ? (r.delayMillis === 0 ? "now" : "later") : "blocked")
    // Three in flight fill the window; a fourth has no slot yet.
    for (const id of ["a", "b", "c"]) note(yield* store.reserve(options(key, id)))
    note(yield* store.reserve(options(key, "d")))
    // One answer back: the fourth gets a slot one window after it, not now.
    yield* store.settle({ key, id: "a" })
    note(yield* store.reserve(options(key, "d")))
    // Still full (b, c in flight, d reserved): a fifth waits for an answer.
    note(yield* store.reserve(options(key, "e")))
    return answers
  })

const expected = ["now", "now", "now", "blocked", "later", "blocked"]

describe("RollingWindowStore: memory and Redis follow one rule", () => {
  it.effect("in memory", () =>
    Effect.map(scenario("k"), (answers) => assert.deepStrictEqual(answers, expected)).pipe(
      Effect.provide(layerStoreMemory)
    )
  )

  it.live("on a real redis-server, through NodeRedis", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* scenario("k1"), expected)
      // Another key is another budget.
      assert.deepStrictEqual(yield* scenario("k2"), expected)
    }).pipe(
      Effect.provide(Layer.provide(layerStoreRedis({ prefix: "test:" }), NodeRedis.layer({ url: redis.url })))
    )
  )

  it.live("a holder that died: its request counts until its deadline, then at it", () =>
    Effect.gen(function* () {
      const store = yield* RollingWindowStore
      const short = (id: string): ReserveOptions => ({ ...options("dead", id), holdMillis: 0 })
      // Deadlines already passed: counted as settled at their slot, so the window is full, not blocked.
      for (const id of ["a", "b", "c"]) yield* store.reserve(short(id))
      const next = yield* store.reserve(short("d"))
      assert.strictEqual(next._tag, "Reserved")
      assert.isAbove(next._tag === "Reserved" ? next.delayMillis : 0, 50_000)
    }).pipe(
      Effect.provide(Layer.provide(layerStoreRedis({ prefix: "test:" }), NodeRedis.layer({ url: redis.url })))
    )
  )

  it.live("Redis stopped: a typed store error; restarted: the log is still there", () =>
    Effect.gen(function* () {
      const store = yield* RollingWindowStore
      for (const id of ["a", "b", "c"]) yield* store.reserve(options("restart", id))
      yield* Effect.promise(() => redis.stop())
      const down = yield* Effect.flip(store.reserve(options("restart", "d")))
      assert.strictEqual(down._tag, "RollingWindowStoreError")
      yield* Effect.promise(() => redis.restart())
      // The three in flight were kept (append-only file): still no slot.
      // node-redis reconnects with backoff: ask until it is back (a bound, not a speed check).
      let after = yield* Effect.exit(store.reserve(options("restart", "d")))
      for (let i = 0; i < 300 && after._tag === "Failure"; i++) {
        yield* Effect.sleep("100 millis")
        after = yield* Effect.exit(store.reserve(options("restart", "d")))
      }
      assert.strictEqual(after._tag, "Success")
      assert.strictEqual(after._tag === "Success" ? after.value._tag : "", "Blocked")
    }).pipe(
      Effect.provide(
        Layer.provide(
          layerStoreRedis({ prefix: "test:" }),
          // Commands fail at once while disconnected instead of waiting in node-redis's queue.
          NodeRedis.layer({ url: redis.url, disableOfflineQueue: true })
        )
      )
    )
  )
})
