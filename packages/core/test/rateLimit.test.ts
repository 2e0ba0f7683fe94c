import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as RateLimiter from "effect/persistence/RateLimiter"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import {
  layerMemoryLimiter,
  type RateLimitWindow,
  throttle,
  type WindowBucket,
  windowBucket
} from "../src/rateLimit.js"

// CertCentral's documented limits, the windows this limiter was built for.
const documentedRateLimits: ReadonlyArray<RateLimitWindow> = [
  { limit: 100, window: "5 seconds" },
  { limit: 1000, window: "3 minutes" }
]

const bucketsOf = (windows: ReadonlyArray<RateLimitWindow>): ReadonlyArray<WindowBucket> =>
  windows.map((w) => {
    const b = windowBucket(w)
    if (b === undefined) throw new Error("unusable window")
    return b
  })

const documented = bucketsOf(documentedRateLimits)

/**
 * Virtual send times of requests arriving at `arrivals` (ms, virtual): each arrival forks a fiber
 * that passes `throttle` and records the clock when it is let through. Runs on its own TestClock
 * and in-memory limiter, so the schedule alone decides.
 */
const sendTimes = (arrivals: ReadonlyArray<number>, buckets: ReadonlyArray<WindowBucket>) =>
  Effect.gen(function* () {
    const limiter = yield* RateLimiter.RateLimiter
    const sent: Array<number> = []
    const fibers: Array<Fiber.Fiber<void>> = []
    let now = 0
    for (const at of [...arrivals].sort((a, b) => a - b)) {
      if (at > now) {
        yield* TestClock.adjust(at - now)
        now = at
      }
      const pass = throttle(limiter, "key", buckets).pipe(
        Effect.orDie,
        Effect.andThen(Clock.currentTimeMillis),
        Effect.flatMap((t) =>
          Effect.sync(() => {
            sent.push(t)
          })
        )
      )
      fibers.push(yield* Effect.forkChild(pass, { startImmediately: true }))
    }
    // Long enough for everything queued to be let through.
    yield* TestClock.adjust("2 hours")
    yield* Fiber.joinAll(fibers)
    return sent.sort((a, b) => a - b)
  }).pipe(Effect.provide(layerMemoryLimiter))

/** The most sends in any closed span of `windowMillis` (a rolling window, both ends included). */
const busiestWindow = (sent: ReadonlyArray<number>, windowMillis: number): number => {
  let most = 0
  let first = 0
  for (let last = 0; last < sent.length; last++) {
    while ((sent[last] as number) - (sent[first] as number) > windowMillis) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

const assertWindowsHold = (sent: ReadonlyArray<number>, buckets: ReadonlyArray<WindowBucket>) => {
  for (const b of buckets) {
    const most = busiestWindow(sent, b.windowMillis)
    assert.isAtMost(most, b.limit, `${most} sends within ${b.windowMillis} ms (limit ${b.limit})`)
  }
}

const runIsolated = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.runPromise(Effect.provide(Effect.scoped(effect), TestClock.layer()))

describe("throttle (DigiCert's rolling windows)", () => {
  it("derives the buckets of the documented windows", () => {
    assert.deepStrictEqual(documented, [
      { limit: 100, windowMillis: 5000, burst: 10, intervalMillis: 56 },
      { limit: 1000, windowMillis: 180_000, burst: 100, intervalMillis: 201 }
    ])
    assert.deepStrictEqual(windowBucket({ limit: 3, window: "5 seconds", burst: 3 }), {
      limit: 3,
      windowMillis: 5000,
      burst: 3,
      intervalMillis: 5001
    })
  })

  it("refuses windows it cannot hold", () => {
    const unusable: ReadonlyArray<RateLimitWindow> = [
      { limit: 0, window: "5 seconds" },
      { limit: 1.5, window: "5 seconds" },
      { limit: Number.NaN, window: "5 seconds" },
      { limit: 10, window: "0 millis" },
      { limit: 10, window: "Infinity" },
      { limit: 10, window: "soon" as never },
      { limit: 10, window: "5 seconds", burst: 0 },
      { limit: 10, window: "5 seconds", burst: 11 },
      { limit: 10, window: "5 seconds", burst: 2.5 }
    ]
    for (const w of unusable) {
      assert.isUndefined(windowBucket(w), JSON.stringify(w))
    }
  })

  it("99 requests at 0 s and 100 more at 4.95 s: no rolling 5 s or 3 min window is exceeded", () =>
    runIsolated(
      Effect.gen(function* () {
        const arrivals = [...Array.from({ length: 99 }, () => 0), ...Array.from({ length: 100 }, () => 4950)]
        const sent = yield* sendTimes(arrivals, documented)
        assert.strictEqual(sent.length, 199)
        assertWindowsHold(sent, documented)
        // The first burst goes out at once, the rest is spaced 56 ms apart.
        assert.strictEqual(sent.filter((t) => t === 0).length, 10)
        assert.strictEqual(sent[10], 56)
        // Fixed windows would have let 99 + 100 through within 4.95 s; here far fewer.
        assert.isAtMost(sent.filter((t) => t < 5000).length, 99)
      })
    ))

  it("1500 requests at once respect both windows (the 3 min one included)", () =>
    runIsolated(
      Effect.gen(function* () {
        const sent = yield* sendTimes(
          Array.from({ length: 1500 }, () => 0),
          documented
        )
        assert.strictEqual(sent.length, 1500)
        assertWindowsHold(sent, documented)
      })
    ))

  it("any arrival schedule: no rolling window ever exceeds its limit (property)", async () => {
    // Clusters of requests at random times, dense enough to hit both windows.
    const schedule = fc
      .array(
        fc.record({
          at: fc.integer({ min: 0, max: 400_000 }),
          count: fc.integer({ min: 1, max: 120 })
        }),
        { minLength: 1, maxLength: 25 }
      )
      .map((clusters) => clusters.flatMap(({ at, count }) => Array.from({ length: count }, () => at)))
    await fc.assert(
      fc.asyncProperty(schedule, async (arrivals) => {
        const sent = await runIsolated(sendTimes(arrivals, documented))
        assert.strictEqual(sent.length, arrivals.length)
        assertWindowsHold(sent, documented)
      }),
      { numRuns: 40 }
    )
  }, 120_000)

  it("any window and burst: the derived bucket holds it (property)", async () => {
    const window = fc
      .record({
        limit: fc.integer({ min: 1, max: 60 }),
        windowMillis: fc.integer({ min: 1, max: 10_000 }),
        burstShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined })
      })
      .map(({ limit, windowMillis, burstShare }) => ({
        limit,
        window: windowMillis,
        ...(burstShare !== undefined ? { burst: Math.max(1, Math.round(burstShare * limit)) } : {})
      }))
    const arrivals = fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: 1, maxLength: 300 })
    await fc.assert(
      fc.asyncProperty(fc.array(window, { minLength: 1, maxLength: 2 }), arrivals, async (windows, times) => {
        const buckets = bucketsOf(windows)
        const sent = await runIsolated(sendTimes(times, buckets))
        assert.strictEqual(sent.length, times.length)
        assertWindowsHold(sent, buckets)
      }),
      { numRuns: 60 }
    )
  }, 120_000)
})
