import { NodeRedis } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { type RedisServerHandle, startRedisServer } from "@faultline/testing"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/testing/TestClock"
import { afterAll, beforeAll } from "vitest"
import * as RollingWindowLimiter from "../src/RollingWindowLimiter.js"
import { layerStoreMemory, type RollingWindow, RollingWindowStore } from "../src/RollingWindowStore.js"

// The limiter's own duties, on a TestClock over the in-memory store (the store's rule is tested over
// both stores in rollingWindowStore.test.ts), and failing closed over a real redis-server.

let redis: RedisServerHandle
beforeAll(async () => {
  redis = await startRedisServer()
})
afterAll(async () => {
  await redis?.close()
})

/** The in-memory store, with its reserve calls counted (the real store underneath). */
const countedStore = (calls: { reserve: number }) =>
  Layer.effect(
    RollingWindowStore,
    Effect.gen(function* () {
      const store = yield* RollingWindowStore
      return RollingWindowStore.of({
        ...store,
        reserve: (options) =>
          Effect.suspend(() => {
            calls.reserve++
            return store.reserve(options)
          })
      })
    })
  ).pipe(Layer.provide(layerStoreMemory))

const limiterOver = (calls: { reserve: number }) =>
  Layer.provide(RollingWindowLimiter.layer(), countedStore(calls))

/** Sends a request through the limiter: records its send time, takes `answer` ms to answer. */
const request = (windows: ReadonlyArray<RollingWindow>, sent: Array<number>, answer = 0) =>
  Effect.gen(function* () {
    const limiter = yield* RollingWindowLimiter.RollingWindowLimiter
    yield* limiter.withPermit({ key: "k", windows, timeout: Duration.seconds(30) })(
      Effect.gen(function* () {
        sent.push(yield* Clock.currentTimeMillis)
        if (answer > 0) yield* Effect.sleep(Duration.millis(answer))
      })
    )
  })

/** {@link request}, started in a fiber of its own. */
const forked = (windows: ReadonlyArray<RollingWindow>, sent: Array<number>, answer = 0) =>
  Effect.forkChild(request(windows, sent, answer), { startImmediately: true })

describe("RollingWindowLimiter", () => {
  it.effect("a crowd waiting minutes costs a few store calls per window, not a poll per waiter", () => {
    const calls = { reserve: 0 }
    return Effect.gen(function* () {
      const windows = [
        { limit: 100, windowMillis: 5_000 },
        { limit: 1_000, windowMillis: 180_000 }
      ]
      const sent: Array<number> = []
      const fibers = yield* Effect.forEach(Array.from({ length: 1_200 }), () => forked(windows, sent, 50))
      yield* TestClock.adjust("10 minutes")
      yield* Fiber.joinAll(fibers)
      assert.strictEqual(sent.length, 1_200)
      // 1000 in the first 3 minutes (the long window), 100 per 5 s + answer time.
      assert.strictEqual(sent.filter((t) => t < 180_000).length, 1_000)
      assert.strictEqual(sent.filter((t) => t === 0).length, 100)
      // Each waiter used to ask on its own, again and again while it waited (71,854 calls here with
      // the polling limiter); one fiber now asks for all of them at once (67 calls).
      assert.isAtMost(calls.reserve, 120)
    }).pipe(Effect.provide(limiterOver(calls)))
  })

  it.effect("a caller that leaves before its slot gives the slot back to the next one", () =>
    Effect.gen(function* () {
      const windows = [{ limit: 1, windowMillis: 1_000 }]
      const sent: Array<number> = []
      yield* request(windows, sent)
      // b and c wait for the slot at 1000; b is handed it at 975 (the horizon), then leaves at 990.
      const b = yield* forked(windows, sent)
      const c = yield* forked(windows, sent)
      yield* TestClock.adjust(990)
      yield* Fiber.interrupt(b)
      // d leaves before it was handed anything.
      const d = yield* forked(windows, sent)
      yield* TestClock.adjust(5)
      yield* Fiber.interrupt(d)
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(c)
      // c goes at 1000, b's released slot: had b's reservation been counted, c would wait until 2000.
      assert.deepStrictEqual(sent, [0, 1_000])
    }).pipe(Effect.provide(limiterOver({ reserve: 0 })))
  )

  it.effect("a caller interrupted once its request is sent still counts it (its answer time)", () =>
    Effect.gen(function* () {
      const windows = [{ limit: 1, windowMillis: 1_000 }]
      const sent: Array<number> = []
      const a = yield* forked(windows, sent, 60_000)
      yield* TestClock.adjust(100)
      yield* Fiber.interrupt(a)
      const b = yield* forked(windows, sent)
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(b)
      // Counted when it ended (100), so the next goes one window after that.
      assert.deepStrictEqual(sent, [0, 1_100])
    }).pipe(Effect.provide(limiterOver({ reserve: 0 })))
  )

  it.effect("waiters are served in the order they came", () =>
    Effect.gen(function* () {
      const windows = [{ limit: 2, windowMillis: 1_000 }]
      const order: Array<number> = []
      const limiter = yield* RollingWindowLimiter.RollingWindowLimiter
      const fibers = yield* Effect.forEach(
        Array.from({ length: 7 }, (_, i) => i),
        (i) =>
          Effect.forkChild(
            limiter.withPermit({ key: "k", windows, timeout: Duration.seconds(30) })(
              Effect.sync(() => order.push(i))
            ),
            { startImmediately: true }
          )
      )
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.joinAll(fibers)
      assert.deepStrictEqual(order, [0, 1, 2, 3, 4, 5, 6])
    }).pipe(Effect.provide(limiterOver({ reserve: 0 })))
  )

  it.live("Redis away: every waiter fails closed with a typed error; back: permits again", () =>
    Effect.gen(function* () {
      const limiter = yield* RollingWindowLimiter.RollingWindowLimiter
      const windows = [{ limit: 5, windowMillis: 60_000 }]
      const permit = (sent: { n: number }) =>
        limiter.withPermit({ key: "away", windows, timeout: Duration.seconds(5) })(
          Effect.sync(() => {
            sent.n++
          })
        )
      const sent = { n: 0 }
      yield* permit(sent)
      yield* Effect.promise(() => redis.stop())
      const down = yield* Effect.forEach(Array.from({ length: 4 }), () => Effect.flip(permit(sent)), {
        concurrency: "unbounded"
      })
      assert.deepStrictEqual(
        down.map((e) => e._tag),
        [
          "RollingWindowStoreError",
          "RollingWindowStoreError",
          "RollingWindowStoreError",
          "RollingWindowStoreError"
        ]
      )
      assert.strictEqual(sent.n, 1, "nothing sent while the budget cannot be read")
      yield* Effect.promise(() => redis.restart())
      // node-redis reconnects with backoff: ask until it is back (a bound, not a speed check).
      let after = yield* Effect.exit(permit(sent))
      for (let i = 0; i < 300 && after._tag === "Failure"; i++) {
        yield* Effect.sleep("100 millis")
        after = yield* Effect.exit(permit(sent))
      }
      assert.strictEqual(after._tag, "Success")
      assert.strictEqual(sent.n, 2)
    }).pipe(
      Effect.provide(
        Layer.provide(
          RollingWindowLimiter.layerRedis({ prefix: "limiter-test:" }),
          NodeRedis.layer({ url: redis.url, disableOfflineQueue: true })
        )
      )
    )
  )
})
