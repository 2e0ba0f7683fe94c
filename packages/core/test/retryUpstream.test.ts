import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/testing/TestClock"
import { describeFailure } from "../src/describeFailure.js"
import { findUpstreamFailure } from "../src/findUpstreamFailure.js"
import { InvalidOptionError } from "../src/InvalidOptionError.js"
import { type RetryUpstreamOptions, retryUpstream, upstreamBackoff } from "../src/retryUpstream.js"
import { type AcmeError, type AcmeReason, Broken, fail, Missing, Throttled } from "../../acme/src/index.js"

/**
 * A fake upstream call that fails with the given reasons in turn, then succeeds, recording the
 * (TestClock) time of every attempt.
 */
const upstream = (failures: ReadonlyArray<() => AcmeReason | Error>) => {
  const calls: Array<number> = []
  const call = Effect.gen(function* () {
    calls.push(yield* Clock.currentTimeMillis)
    const next = failures[calls.length - 1]
    if (next === undefined) return "ok"
    const error = next()
    return yield* Effect.fail(
      error instanceof Error && !("vendor" in error) ? error : fail(error as AcmeReason)
    )
  })
  return { call, calls }
}

// Runs the retried call in a fiber and moves the TestClock far enough for every retry.
const run = <A, E>(
  self: Effect.Effect<A, E>,
  options: RetryUpstreamOptions,
  advance: Duration.Input = "1 minute"
) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(Effect.exit(self.pipe(retryUpstream(options))))
    yield* TestClock.adjust(advance)
    return yield* Fiber.join(fiber)
  })

const throttled = () => new Throttled({ upstreamStatus: 429 })
const broken = () => new Broken({ upstreamStatus: 500 })

describe("retryUpstream", () => {
  it.effect("retries a safe failure even for a POST", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([throttled, throttled])
      const exit = yield* run(call, { idempotent: false })
      assert.deepStrictEqual(exit._tag, "Success")
      assert.strictEqual(calls.length, 3)
    })
  )

  it.effect("does not retry an idempotent-only failure for a POST", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([broken])
      const exit = yield* run(call, { idempotent: false })
      assert.strictEqual(calls.length, 1)
      const error = yield* Effect.flip(exit)
      assert.strictEqual((error as AcmeError).attempts, 1)
    })
  )

  it.effect("retries an idempotent-only failure for a GET", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([broken, broken])
      const exit = yield* run(call, { idempotent: true })
      assert.deepStrictEqual(exit._tag, "Success")
      assert.strictEqual(calls.length, 3)
    })
  )

  it.effect("never retries a never failure or an error that is not an upstream failure", () =>
    Effect.gen(function* () {
      const missing = upstream([() => new Missing({ upstreamStatus: 404 })])
      yield* run(missing.call, { idempotent: true })
      assert.strictEqual(missing.calls.length, 1)
      const foreign = upstream([() => new Error("bug")])
      yield* run(foreign.call, { idempotent: true })
      assert.strictEqual(foreign.calls.length, 1)
    })
  )

  it.effect("waits at least Retry-After before the next attempt", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([
        () => new Throttled({ upstreamStatus: 429, retryAfter: Duration.seconds(7) })
      ])
      const fiber = yield* Effect.forkChild(
        call.pipe(retryUpstream({ idempotent: false, baseDelay: "100 millis" }))
      )
      yield* TestClock.adjust("6999 millis")
      assert.strictEqual(calls.length, 1)
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(fiber), "ok")
      assert.deepStrictEqual(calls, [0, 7000])
    })
  )

  it.effect("backs off exponentially with jitter within ±20%", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([throttled, throttled, throttled])
      yield* run(call, { idempotent: false, baseDelay: "100 millis", maxAttempts: 4 })
      const gaps = calls.slice(1).map((t, i) => t - (calls[i] ?? 0))
      const bounds = [100, 200, 400]
      gaps.forEach((gap, i) => {
        const base = bounds[i] ?? 0
        assert.isTrue(gap >= base * 0.8 && gap <= base * 1.2, `gap ${gap} for base ${base}`)
      })
      assert.strictEqual(gaps.length, 3)
    })
  )

  it.effect("stops after maxAttempts and reports the attempts on the final failure", () =>
    Effect.gen(function* () {
      const { call, calls } = upstream([throttled, throttled, throttled, throttled, throttled])
      const exit = yield* run(call, { idempotent: false, maxAttempts: 3 })
      assert.strictEqual(calls.length, 3)
      assert.isTrue(exit._tag === "Failure")
      const error = yield* Effect.flip(exit)
      assert.strictEqual((error as AcmeError).attempts, 3)
    })
  )

  it.effect("does not schedule a retry whose wait ends past the time budget", () =>
    Effect.gen(function* () {
      const slow = () => new Throttled({ upstreamStatus: 429, retryAfter: Duration.seconds(20) })
      const { call, calls } = upstream([slow, slow, slow])
      const fiber = yield* Effect.forkChild(
        Effect.flip(call.pipe(retryUpstream({ idempotent: false, maxElapsed: "30 seconds" })))
      )
      yield* TestClock.adjust("20 seconds")
      const error = yield* Fiber.join(fiber)
      assert.deepStrictEqual(calls, [0, 20_000])
      assert.strictEqual((error as AcmeError).attempts, 2)
      assert.strictEqual((error as AcmeError).reason._tag, "Throttled")
    })
  )

  it.effect("keeps the error's class and tag when it adds attempts", () =>
    Effect.gen(function* () {
      const recovered = yield* Effect.fail(fail(broken())).pipe(
        retryUpstream({ idempotent: false }),
        Effect.catchReason("AcmeError", "Broken", (reason) => Effect.succeed(`recovered ${reason.code}`))
      )
      assert.strictEqual(recovered, "recovered broken")
    })
  )

  it.effect("classifies transport errors: retried for a GET, not for a POST", () =>
    Effect.gen(function* () {
      const request = HttpClientRequest.get("https://api.example/orders")
      const transport = () =>
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request }) })
      const get = upstream([transport])
      yield* run(get.call, { idempotent: true })
      assert.strictEqual(get.calls.length, 2)
      const post = upstream([transport])
      yield* run(post.call, { idempotent: false })
      assert.strictEqual(post.calls.length, 1)
    })
  )

  it.effect("counts the time spent inside attempts against the budget", () =>
    Effect.gen(function* () {
      // Each attempt takes 20 s before failing: the first retry starts at 20.2 s, within 30 s;
      // a second would start past it.
      const calls: Array<number> = []
      const slowCall = Effect.gen(function* () {
        calls.push(yield* Clock.currentTimeMillis)
        yield* Effect.sleep("20 seconds")
        return yield* Effect.fail(fail(broken()))
      })
      const fiber = yield* Effect.forkChild(
        Effect.flip(
          slowCall.pipe(retryUpstream({ idempotent: true, jitter: false, maxElapsed: "30 seconds" }))
        )
      )
      yield* TestClock.adjust("2 minutes")
      const error = yield* Fiber.join(fiber)
      assert.deepStrictEqual(calls, [0, 20_200])
      assert.strictEqual(error.attempts, 2)
    })
  )

  it.effect("returns errors that are not upstream failures as they are, not copied", () =>
    Effect.gen(function* () {
      class Private extends Error {
        readonly #code = "E42"
        get code() {
          return this.#code
        }
      }
      const errors: ReadonlyArray<unknown> = [
        new Private("app"),
        new DOMException("stop", "AbortError"),
        new Map([["k", 1]]),
        { _tag: "Plain" }
      ]
      for (const original of errors) {
        const error = yield* Effect.flip(Effect.fail(original).pipe(retryUpstream({ idempotent: true })))
        assert.strictEqual(error, original)
      }
    })
  )

  it.effect("keeps the attempts of a transport error on the failure findUpstreamFailure classifies", () =>
    Effect.gen(function* () {
      const request = HttpClientRequest.get("https://api.example/orders")
      const transport = () =>
        new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request }) })
      const { call, calls } = upstream([transport, transport, transport, transport])
      const exit = yield* run(call, { idempotent: true, maxAttempts: 3 })
      const error = yield* Effect.flip(exit)
      assert.strictEqual(calls.length, 3)
      assert.strictEqual(findUpstreamFailure(error)?.attempts, 3)
      assert.strictEqual(describeFailure(findUpstreamFailure(error)!).attempts, 3)
    })
  )

  it.effect("keeps jittered delays within maxDelay, and capped delays still jittered", () =>
    Effect.gen(function* () {
      // Capped after the jitter, every one of these waits would be exactly 1000 ms: replicas that
      // failed together would retry in lockstep.
      const capped = upstream(Array.from({ length: 7 }, () => throttled))
      yield* run(capped.call, {
        idempotent: false,
        baseDelay: "2 seconds",
        maxDelay: "1 second",
        maxAttempts: 8,
        maxElapsed: "1 minute"
      })
      const gaps = capped.calls.slice(1).map((t, i) => t - (capped.calls[i] ?? 0))
      assert.strictEqual(gaps.length, 7)
      for (const gap of gaps) assert.isTrue(gap >= 666 && gap <= 1000, `gap ${gap}`)
      assert.isTrue(new Set(gaps).size > 1, `gaps ${gaps.join(", ")} are all the same`)
    })
  )

  it("rejects invalid options where retryUpstream is called, naming the option", () => {
    const cases: ReadonlyArray<readonly [Partial<RetryUpstreamOptions>, string]> = [
      [{ maxAttempts: Number.NaN }, "retryUpstream.maxAttempts"],
      [{ maxAttempts: 0 }, "retryUpstream.maxAttempts"],
      [{ maxElapsed: "banana" as Duration.Input }, "retryUpstream.maxElapsed"],
      [{ baseDelay: "-1 second" as Duration.Input }, "retryUpstream.baseDelay"],
      [{ factor: Number.POSITIVE_INFINITY }, "retryUpstream.factor"],
      [{ maxDelay: Number.NaN }, "retryUpstream.maxDelay"],
      [{ jitter: "yes" as unknown as boolean }, "retryUpstream.jitter"]
    ]
    for (const [options, option] of cases) {
      let thrown: unknown
      try {
        retryUpstream({ idempotent: true, ...options })
      } catch (error) {
        thrown = error
      }
      assert.instanceOf(thrown, InvalidOptionError, option)
      assert.strictEqual((thrown as InvalidOptionError).option, option)
    }
  })

  it.effect("nested retries send no more than the outer policy allows and report what was sent", () =>
    Effect.gen(function* () {
      const always = upstream(Array.from({ length: 50 }, () => throttled))
      // A client retrying by itself (4 attempts), wrapped by an app's own retryUpstream (4 attempts).
      const client = always.call.pipe(retryUpstream({ idempotent: false }))
      const exit = yield* run(client, { idempotent: false })
      const error = yield* Effect.flip(exit)
      assert.strictEqual(always.calls.length, 4)
      assert.strictEqual(findUpstreamFailure(error)?.attempts, 4)

      // An outer policy allowing more runs the inner one again, still within its own limit.
      const more = upstream(Array.from({ length: 50 }, () => throttled))
      const inner = more.call.pipe(retryUpstream({ idempotent: false, maxAttempts: 3 }))
      const wider = yield* Effect.flip(yield* run(inner, { idempotent: false, maxAttempts: 7 }, "10 minutes"))
      assert.strictEqual(more.calls.length, 7)
      assert.strictEqual(findUpstreamFailure(wider)?.attempts, 7)

      // A narrower outer policy caps the inner one.
      const narrow = upstream(Array.from({ length: 50 }, () => throttled))
      const wide = narrow.call.pipe(retryUpstream({ idempotent: false, maxAttempts: 10 }))
      const capped = yield* Effect.flip(yield* run(wide, { idempotent: false, maxAttempts: 2 }))
      assert.strictEqual(narrow.calls.length, 2)
      assert.strictEqual(findUpstreamFailure(capped)?.attempts, 2)
    })
  )
})

describe("upstreamBackoff", () => {
  it.effect("grows exponentially, caps at maxDelay, honours retryAfter and stops at the budget", () =>
    Effect.gen(function* () {
      const options = {
        maxAttempts: 10,
        maxElapsed: Duration.seconds(10),
        baseDelay: Duration.seconds(1),
        factor: 2,
        maxDelay: Duration.seconds(3),
        jitter: false
      }
      const step = yield* Schedule.toStep(upstreamBackoff(options, 0))
      const failure = fail(throttled())
      const slow = fail(new Throttled({ upstreamStatus: 429, retryAfter: Duration.seconds(5) }))
      // Each step is taken when the previous wait has passed, as Effect.retry does.
      const delays: Array<number> = []
      let now = 0
      let done = false
      for (const input of [failure, failure, failure, slow, failure]) {
        const exit = yield* Effect.exit(step(now, input))
        if (exit._tag === "Failure") {
          done = true
          break
        }
        const delay = Duration.toMillis(exit.value[1])
        delays.push(delay)
        now += delay
      }
      // 1 s, 2 s, then capped at 3 s (6 s so far); the 5 s that Retry-After asks would end at 11 s,
      // past the 10 s budget, so the schedule stops there.
      assert.deepStrictEqual(delays, [1000, 2000, 3000])
      assert.isTrue(done)
    })
  )
})
