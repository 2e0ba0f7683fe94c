import { assert, describe, it } from "@effect/vitest"
import { RollingWindows } from "@faultline/testing"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/testing/TestClock"
import * as fc from "fast-check"
import { layerMemoryLimiter, type RateLimitWindow, rollingWindow } from "../src/rateLimit.js"
import { RollingWindowLimiter } from "../src/RollingWindowLimiter.js"
import type { RollingWindow } from "../src/RollingWindowStore.js"

// CertCentral's documented limits, the windows this limiter was built for.
const documentedRateLimits: ReadonlyArray<RateLimitWindow> = [
  { limit: 100, window: "5 seconds" },
  { limit: 1000, window: "3 minutes" }
]

const windowsOf = (windows: ReadonlyArray<RateLimitWindow>): ReadonlyArray<RollingWindow> =>
  windows.map((w) => {
    const checked = rollingWindow(w)
    if (checked === undefined) throw new Error("unusable window")
    return checked
  })

const documented = windowsOf(documentedRateLimits)

interface Request {
  /** When the caller asks (virtual ms). */
  readonly at: number
  /** From the permit to the upstream's count (the hand-off), then to the answer. */
  readonly handOff: number
  readonly answer: number
}

/**
 * Runs requests through the in-memory limiter on a TestClock; each one, once let through, waits its
 * hand-off, is counted by the simulator's own rolling windows (`RollingWindows` of
 * @faultline/testing: the vendor's rule, written independently), then waits for its answer.
 * Returns the counted times and how many the vendor's rule refused.
 */
const run = (requests: ReadonlyArray<Request>, windows: ReadonlyArray<RollingWindow>) =>
  Effect.gen(function* () {
    const limiter = yield* RollingWindowLimiter
    const vendor = new RollingWindows(windows)
    const counted: Array<number> = []
    let refused = 0
    const fibers: Array<Fiber.Fiber<void>> = []
    let now = 0
    for (const request of [...requests].sort((a, b) => a.at - b.at)) {
      if (request.at > now) {
        yield* TestClock.adjust(request.at - now)
        now = request.at
      }
      const send = Effect.gen(function* () {
        yield* Effect.sleep(Duration.millis(request.handOff))
        const t = yield* Clock.currentTimeMillis
        if (vendor.tryAcquire("key", t)) counted.push(t)
        else refused++
        yield* Effect.sleep(Duration.millis(request.answer))
      })
      const permitted = limiter
        .withPermit({ key: "key", windows, timeout: Duration.seconds(30) })(send)
        .pipe(Effect.orDie)
      fibers.push(yield* Effect.forkChild(permitted, { startImmediately: true }))
    }
    // Long enough for everything queued to be let through.
    yield* TestClock.adjust("3 hours")
    yield* Fiber.joinAll(fibers)
    return { counted: counted.sort((a, b) => a - b), refused }
  }).pipe(Effect.provide(layerMemoryLimiter))

const runIsolated = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.runPromise(Effect.provide(Effect.scoped(effect), TestClock.layer()))

const at = (time: number, count: number, handOff = 0, answer = 0): Array<Request> =>
  Array.from({ length: count }, () => ({ at: time, handOff, answer }))

describe("rolling windows (DigiCert's limits, held exactly)", () => {
  it("reads the documented windows", () => {
    assert.deepStrictEqual(documented, [
      { limit: 100, windowMillis: 5000 },
      { limit: 1000, windowMillis: 180_000 }
    ])
  })

  it("refuses windows it cannot hold", () => {
    const unusable: ReadonlyArray<RateLimitWindow> = [
      { limit: 0, window: "5 seconds" },
      { limit: 1.5, window: "5 seconds" },
      { limit: Number.NaN, window: "5 seconds" },
      { limit: 10, window: "0 millis" },
      { limit: 10, window: "Infinity" },
      { limit: 10, window: "soon" as never }
    ]
    for (const w of unusable) assert.isUndefined(rollingWindow(w), JSON.stringify(w))
  })

  it("1500 requests at once: 100 every 5 s, 1000 in the first 3 min, none refused", () =>
    runIsolated(
      Effect.gen(function* () {
        const { counted, refused } = yield* run(at(0, 1500), documented)
        assert.strictEqual(refused, 0)
        assert.strictEqual(counted.length, 1500)
        // The whole short window is used at once, then again as soon as it has rolled.
        assert.strictEqual(counted.filter((t) => t === 0).length, 100)
        assert.strictEqual(counted.filter((t) => t === 5000).length, 100)
        // The long window: 1000 in the first 45 s (10 short windows), then nothing until 180 s.
        assert.strictEqual(counted.filter((t) => t < 180_000).length, 1000)
        assert.strictEqual(counted.filter((t) => t === 180_000).length, 100)
      })
    ))

  it("a slow hand-off: the next window starts from the answer, so the vendor never refuses", () =>
    runIsolated(
      Effect.gen(function* () {
        const { counted, refused } = yield* run(
          [...at(0, 100, 170, 30), ...at(0, 100, 0, 0)],
          [{ limit: 100, windowMillis: 5000 }]
        )
        assert.strictEqual(refused, 0)
        assert.strictEqual(counted.length, 200)
        // Counted at 170 and answered at 200: the second hundred goes at 5200, not at 5000.
        assert.strictEqual(counted.filter((t) => t === 170).length, 100)
        assert.strictEqual(counted.filter((t) => t === 5200).length, 100)
      })
    ))

  it("any arrivals, hand-offs and answer times: the vendor's windows never refuse (property)", async () => {
    const request = fc.record({
      at: fc.integer({ min: 0, max: 400_000 }),
      count: fc.integer({ min: 1, max: 150 }),
      handOff: fc.integer({ min: 0, max: 400 }),
      answer: fc.integer({ min: 0, max: 2000 })
    })
    const schedule = fc
      .array(request, { minLength: 1, maxLength: 20 })
      .map((clusters) => clusters.flatMap((c) => at(c.at, c.count, c.handOff, c.answer)))
    await fc.assert(
      fc.asyncProperty(schedule, async (requests) => {
        const { counted, refused } = await runIsolated(run(requests, documented))
        assert.strictEqual(refused, 0)
        assert.strictEqual(counted.length, requests.length)
      }),
      { numRuns: 30 }
    )
  }, 120_000)

  it("any windows: the vendor's rule never refuses and a saturated log is used to the full (property)", async () => {
    const window = fc.record({
      limit: fc.integer({ min: 1, max: 60 }),
      windowMillis: fc.integer({ min: 1, max: 10_000 })
    })
    await fc.assert(
      fc.asyncProperty(
        fc.array(window, { minLength: 1, maxLength: 2 }),
        fc.integer({ min: 1, max: 300 }),
        async (windows, n) => {
          const { counted, refused } = await runIsolated(run(at(0, n), windows))
          assert.strictEqual(refused, 0)
          assert.strictEqual(counted.length, n)
          // Zero hand-off, zero answer: every window is filled at once.
          const first = Math.min(n, ...windows.map((w) => w.limit))
          assert.strictEqual(counted.filter((t) => t === 0).length, first)
        }
      ),
      { numRuns: 60 }
    )
  }, 120_000)
})
