import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as TestClock from "effect/testing/TestClock"
import { describeFailure } from "../src/describeFailure.js"
import { findUpstreamFailure } from "../src/findUpstreamFailure.js"
import { type RetryUpstreamOptions, retryUpstream } from "../src/retryUpstream.js"
import { type AcmeError, type AcmeReason, Broken, fail, Missing, Throttled } from "./fixtures.js"

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

  it.effect("keeps jittered delays within maxDelay and treats a NaN maxAttempts as the default", () =>
    Effect.gen(function* () {
      const capped = upstream([throttled, throttled, throttled])
      yield* run(capped.call, { idempotent: false, baseDelay: "1 second", maxDelay: "1 second" })
      const gaps = capped.calls.slice(1).map((t, i) => t - (capped.calls[i] ?? 0))
      assert.strictEqual(gaps.length, 3)
      for (const gap of gaps) assert.isTrue(gap >= 800 && gap <= 1000, `gap ${gap}`)

      const nan = upstream(Array.from({ length: 10 }, () => throttled))
      yield* run(nan.call, { idempotent: false, maxAttempts: Number.NaN })
      assert.strictEqual(nan.calls.length, 4)
    })
  )
})
