import { NodeRedis } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { type RedisServerHandle, startRedisServer } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { afterAll, beforeAll } from "vitest"
import { layerStoreRedis } from "../src/rollingWindowRedis.js"
import {
  layerStoreMemory,
  type Reservation,
  type ReserveOptions,
  RollingWindowStore
} from "../src/RollingWindowStore.js"

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
const options = (key: string, ...ids: Array<string>): ReserveOptions => ({
  key,
  windows,
  ids,
  holdMillis: 120_000,
  pollMillis: 10,
  horizonMillis: 120_000
})

/** A reservation in words: each slot now or later, then why the rest wait. */
const words = (r: Reservation): Array<string> => [
  ...r.delays.map((d) => (d === 0 ? "now" : "later")),
  ...(r.next === undefined ? [] : [r.next.reason === "flight" ? "blocked: in flight" : "ask again later"])
]

const scenario = (key: string) =>
  Effect.gen(function* () {
    const store = yield* RollingWindowStore
    const answers: Array<Array<string>> = []
    // One call for four waiters: three in flight fill the window, the fourth has no slot yet.
    answers.push(words(yield* store.reserve(options(key, "a", "b", "c", "d"))))
    // One answer back: the fourth gets a slot one window after it, not now.
    yield* store.settle({ key, id: "a" })
    answers.push(words(yield* store.reserve(options(key, "d"))))
    // Still full (b, c in flight, d reserved): a fifth waits for an answer.
    answers.push(words(yield* store.reserve(options(key, "e"))))
    // d never went out (its caller left): released, its slot is the fifth's.
    yield* store.release({ key, id: "d" })
    answers.push(words(yield* store.reserve(options(key, "e"))))
    // A slot further than the horizon is not handed out: asked for again then.
    yield* store.settle({ key, id: "b" })
    const far = yield* store.reserve({ ...options(key, "f"), horizonMillis: 1_000 })
    answers.push(words(far))
    return { answers, retry: far.next?.retryMillis ?? 0 }
  })

const expected = [
  ["now", "now", "now", "blocked: in flight"],
  ["later"],
  ["blocked: in flight"],
  ["later"],
  ["ask again later"]
]

const check = ({ answers, retry }: { answers: Array<Array<string>>; retry: number }) => {
  assert.deepStrictEqual(answers, expected)
  // Asked again when the slot is within the horizon: about one window on.
  assert.isAbove(retry, 50_000)
}

describe("RollingWindowStore: memory and Redis follow one rule", () => {
  it.effect("in memory", () => Effect.map(scenario("k"), check).pipe(Effect.provide(layerStoreMemory)))

  it.live("on a real redis-server, through NodeRedis", () =>
    Effect.gen(function* () {
      check(yield* scenario("k1"))
      // Another key is another budget.
      check(yield* scenario("k2"))
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
      assert.strictEqual(next.next, undefined)
      assert.strictEqual(next.delays.length, 1)
      assert.isAbove(next.delays[0] ?? 0, 50_000)
    }).pipe(
      Effect.provide(Layer.provide(layerStoreRedis({ prefix: "test:" }), NodeRedis.layer({ url: redis.url })))
    )
  )

  it.live("Redis stopped: a typed store error; restarted: the log is still there", () =>
    Effect.gen(function* () {
      const store = yield* RollingWindowStore
      yield* store.reserve(options("restart", "a", "b", "c"))
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
      assert.deepStrictEqual(after._tag === "Success" ? words(after.value) : [], ["blocked: in flight"])
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
