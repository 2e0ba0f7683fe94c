import { inspect } from "node:util"
import { InvalidOptionError, toProblem } from "@faultline/core"
import { assert, describe, it } from "@effect/vitest"
import { type CertCentralSimulatorHandle, faults } from "@faultline/testing"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { CertCentral, type CertCentralFailure, layer } from "../src/CertCentral.js"
import type { CertCentralOptions } from "../src/CertCentralConfig.js"
import { anOrder, simulator, trackedHttpClient } from "./simulator.js"

const canary = "CANARY-BOUNDARY-91c2"

const clientFor = (sim: CertCentralSimulatorHandle, config: Partial<CertCentralOptions> = {}) =>
  Effect.service(CertCentral).pipe(
    Effect.provide(
      layer({ apiKey: Redacted.make(canary), baseUrl: sim.url, retry: false, ...config }).pipe(
        Layer.provide(trackedHttpClient({ count: 0 }))
      )
    )
  )

/** The typed failure of `exit`; fails the test on success or on a defect. */
const typedFailure = <A>(exit: Exit.Exit<A, CertCentralFailure>): CertCentralFailure => {
  assert.isTrue(Exit.isFailure(exit), "expected a failure")
  if (!Exit.isFailure(exit)) throw new Error("unreachable")
  assert.isTrue(
    exit.cause.reasons.every((r) => r._tag === "Fail"),
    `expected only typed failures, got ${String(Cause.pretty(exit.cause)).slice(0, 200)}`
  )
  const fail = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (fail === undefined || fail._tag !== "Fail") throw new Error("unreachable")
  return fail.error
}

const assertInvalidRequest = (failure: CertCentralFailure, code: string) => {
  assert.strictEqual(failure._tag, "UpstreamError")
  assert.strictEqual(failure.reason._tag, "InvalidRequest")
  assert.strictEqual(failure.reason.code, code)
  assert.strictEqual(failure.reason.vendor, "certcentral")
  assert.strictEqual(failure.reason.category, "misconfigured")
  assert.strictEqual(failure.reason.retry, "never")
  // Our own misconfiguration: the caller sees a plain upstream error, no Retry-After.
  const problem = toProblem(failure)
  assert.strictEqual(problem.status, 502)
  assert.isUndefined(problem.headers["retry-after"])
}

describe("per-attempt timeout", () => {
  for (const status of [200, 500]) {
    it.live(`covers the body: headers (${status}) then a stalled body time out after \`timeout\``, () =>
      Effect.gen(function* () {
        const sim = yield* simulator(canary)
        // Headers and a first chunk of body (`{"errors":[`), then never the rest.
        sim.inject(faults.stall({ status }))
        const client = yield* Effect.service(CertCentral).pipe(
          Effect.provide(
            layer({
              apiKey: Redacted.make(canary),
              baseUrl: sim.url,
              timeout: "300 millis",
              retry: false,
              rateLimit: false
            }).pipe(Layer.provide(FetchHttpClient.layer))
          )
        )
        const start = yield* Clock.currentTimeMillis
        const exit = yield* client.getOrder(1).pipe(
          Effect.timeoutOrElse({
            duration: "5 seconds",
            orElse: () => Effect.die("still waiting after 5 s")
          }),
          Effect.exit
        )
        const elapsed = (yield* Clock.currentTimeMillis) - start
        const failure = typedFailure(exit)
        assert.strictEqual(failure.reason._tag, "UpstreamTimeout")
        assert.strictEqual(failure.reason.vendor, "certcentral")
        assert.isBelow(elapsed, 4000)
        assert.strictEqual(sim.requests.length, 1)
      })
    )
  }
})

describe("the key goes to the configured base URL only", () => {
  it.effect("request() refuses paths that leave the base URL, without sending anything", () =>
    Effect.gen(function* () {
      const digicert = yield* simulator(canary)
      const elsewhere = yield* simulator(canary)
      const client = yield* clientFor(digicert, { rateLimit: false })
      const host = new URL(elsewhere.url).host
      const digicertHost = new URL(digicert.url).host
      for (const path of [
        `//${host}/steal`,
        `http://${host}/steal`,
        `https://${host}/services/v2/order`,
        `\\\\${host}/steal`,
        "../v1/user/me",
        "../../steal",
        "order/../../../steal",
        "%2e%2e/%2e%2e/steal",
        `http://${digicertHost}/other/path`,
        `http://user:pw@${digicertHost}/services/v2/order`,
        "http://[::1"
      ]) {
        const exit = yield* Effect.exit(
          client.request({ method: "GET", route: "x", path, schema: Schema.Unknown })
        )
        assertInvalidRequest(typedFailure(exit), "PathOutsideBaseUrl")
      }
      assert.strictEqual(elsewhere.requests.length, 0)
      assert.strictEqual(digicert.requests.length, 0)
      // Paths below the base, absolute or relative, still work (the simulator's list of orders).
      const listed = Schema.Struct({ orders: Schema.Array(Schema.Unknown) })
      yield* client.request({
        method: "GET",
        route: "order/certificate",
        path: "order/certificate",
        schema: listed
      })
      yield* client.request({
        method: "GET",
        route: "order/certificate",
        path: `${digicert.url}order/certificate`,
        schema: listed
      })
      assert.deepStrictEqual(
        digicert.requests.map((s) => s.path),
        ["/services/v2/order/certificate", "/services/v2/order/certificate"]
      )
    })
  )

  it.effect("a 302, 307 or 308 to an order is a typed failure: one request, never followed", () =>
    Effect.gen(function* () {
      for (const status of [302, 307, 308]) {
        const digicert = yield* simulator(canary)
        // Another DigiCert that would take the order (the same key works there).
        const elsewhere = yield* simulator(canary)
        const client = yield* clientFor(digicert, { rateLimit: false })
        digicert.inject(
          faults.redirect(`${elsewhere.url}order/certificate/ssl_dv_geotrust`, status as 302 | 307 | 308)
        )
        const failure = typedFailure(yield* Effect.exit(client.submitOrder("ssl_dv_geotrust", anOrder)))
        assert.strictEqual(failure._tag, "UpstreamError")
        assert.strictEqual(failure.reason._tag, "UnexpectedRedirect")
        assert.strictEqual(failure.reason.vendor, "certcentral")
        assert.strictEqual(failure.reason.upstreamStatus, status)
        assert.strictEqual(failure.reason.retry, "never")
        assert.strictEqual(digicert.requests.length, 1)
        assert.strictEqual(elsewhere.requests.length, 0)
        assert.strictEqual(elsewhere.orders().length, 0)
      }
    })
  )
})

describe("options checked when the layer is built", () => {
  // Builds the layer alone: a bad option must fail here, typed, naming the option, before any call.
  const buildError = (options: Partial<CertCentralOptions>) =>
    Effect.gen(function* () {
      const sim = yield* simulator(canary)
      const exit = yield* Effect.exit(
        Layer.build(
          layer({ apiKey: Redacted.make(canary), baseUrl: sim.url, ...options }).pipe(
            Layer.provide(trackedHttpClient({ count: 0 }))
          )
        ).pipe(Effect.scoped)
      )
      assert.strictEqual(sim.requests.length, 0)
      const error = typedFailure(exit as Exit.Exit<unknown, never>) as unknown
      assert.instanceOf(error, InvalidOptionError)
      const failure = error as InvalidOptionError
      assert.strictEqual(failure.module, "@faultline/certcentral")
      for (const out of [
        inspect(failure, { depth: 10 }),
        String(Cause.pretty(Cause.fail(failure))),
        failure.message
      ]) {
        assert.notInclude(out, canary)
      }
      return failure
    })

  it.effect("an API key that is not visible ASCII names apiKey", () =>
    Effect.gen(function* () {
      for (const key of [`${canary}\nSECOND-LINE`, "", `${canary} x`, `${canary}é`, `${canary}\u0000`]) {
        assert.strictEqual((yield* buildError({ apiKey: Redacted.make(key) })).option, "apiKey")
      }
      assert.strictEqual((yield* buildError({ apiKey: canary as never })).option, "apiKey")
    })
  )

  it.effect("a malformed base URL names baseUrl", () =>
    Effect.gen(function* () {
      for (const baseUrl of [
        "digicert.example/services/v2",
        "ftp://www.digicert.com/services/v2/",
        "https://user:secret@www.digicert.com/services/v2/",
        "https://www.digicert.com/services/v2/?x=1",
        "",
        "http://[::1"
      ]) {
        assert.strictEqual((yield* buildError({ baseUrl })).option, "baseUrl")
      }
    })
  )

  it.effect("a non-duration, a negative or zero timeout, bad retry and limits name the option", () =>
    Effect.gen(function* () {
      for (const timeout of ["soon", "0 millis", -5]) {
        assert.strictEqual((yield* buildError({ timeout: timeout as never })).option, "timeout")
      }
      const cases: ReadonlyArray<readonly [Partial<CertCentralOptions>, string]> = [
        [{ retry: { maxElapsed: "banana" as never } }, "retry.maxElapsed"],
        [{ retry: { maxAttempts: -1 } }, "retry.maxAttempts"],
        [{ retry: { baseDelay: "-1 second" as never } }, "retry.baseDelay"],
        [{ rateLimit: [{ limit: 0, window: "5 seconds" }] }, "rateLimit[0]"],
        [
          {
            rateLimit: [
              { limit: 10, window: "5 seconds" },
              { limit: 5, window: "forever" as never }
            ]
          },
          "rateLimit[1]"
        ],
        [{ maxResponseBytes: -1 }, "maxResponseBytes"],
        [{ timeOut: "1 second" } as never, "timeOut"]
      ]
      for (const [options, option] of cases) assert.strictEqual((yield* buildError(options)).option, option)
    })
  )
})

describe("listOrders paging", () => {
  it.effect("a limit or offset that is not a plain count fails as InvalidRequest, unsent", () =>
    Effect.gen(function* () {
      const sim = yield* simulator(canary)
      const client = yield* clientFor(sim, { rateLimit: false })
      for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "10" as never]) {
        assertInvalidRequest(typedFailure(yield* Effect.exit(client.listOrders({ limit }))), "InvalidLimit")
      }
      for (const offset of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        assertInvalidRequest(typedFailure(yield* Effect.exit(client.listOrders({ offset }))), "InvalidOffset")
      }
      assert.strictEqual(sim.requests.length, 0)
      const list = yield* client.listOrders({ limit: 1, offset: 0 })
      assert.deepStrictEqual(list.orders, [])
      assert.deepStrictEqual(
        sim.requests.map((s) => `${s.path}?${s.query}`),
        ["/services/v2/order/certificate?limit=1&offset=0"]
      )
    })
  )
})
