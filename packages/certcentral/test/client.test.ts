import { inspect } from "node:util"
import { describeFailure, retryUpstream, toProblem } from "@faultline/core"
import { assert, describe, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/testing/TestClock"
import * as Tracer from "effect/Tracer"
import { CertCentral, type CertCentralFailure, layer, layerConfig } from "../src/CertCentral.js"
import { type CertCentralOptions, certCentralConfigFromEnv } from "../src/CertCentralConfig.js"
import { type FakeCertCentral, fakeCertCentral, trackedHttpClient } from "./server.js"

const canary = "CANARY-DEVKEY-7f3c9a1e5b"
const apiKey = Redacted.make(canary)
const order = {
  id: 42,
  status: "issued",
  certificate: { common_name: "example.com", surprise: true },
  new_field: 1
}
const limited = { errors: [{ code: "request_limit_exceeded", message: "slow down" }] }

// Real loopback I/O needs the event loop; the TestClock only moves when told to.
const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

/** Runs `effect` while moving the TestClock in small steps, recording the virtual time of each request. */
const runAdvancing = <A, E>(
  fake: FakeCertCentral,
  effect: Effect.Effect<A, E>,
  step: Duration.Input = "100 millis"
) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const times: Array<number> = []
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 20_000 && fiber.pollUnsafe() === undefined; i++) {
      yield* realTick
      while (times.length < fake.seen.length) times.push((yield* Clock.currentTimeMillis) - start)
      // Time only moves while nothing is on the wire (or only what the server holds forever).
      if (fiber.pollUnsafe() === undefined && fake.inflight <= fake.hanging()) yield* TestClock.adjust(step)
    }
    const exit = yield* Fiber.await(fiber)
    return { exit, times }
  })

const getClient = Effect.gen(function* () {
  return yield* CertCentral
})

const withClient = <A, E>(
  f: (client: CertCentral["Service"], fake: FakeCertCentral) => Effect.Effect<A, E>,
  config: Partial<CertCentralOptions> = {}
) =>
  Effect.gen(function* () {
    const fake = yield* fakeCertCentral
    const client = yield* getClient.pipe(
      Effect.provide(
        layer({ apiKey, baseUrl: fake.baseUrl, ...config }).pipe(Layer.provide(trackedHttpClient(fake)))
      )
    )
    return yield* f(client, fake)
  })

// Every string reachable from a value through own properties (enumerable or not, causes included):
// what any logger, serializer or debugger could ever print.
const reachableStrings = (root: unknown): Array<string> => {
  const out: Array<string> = []
  const seen = new Set<unknown>()
  const stack: Array<unknown> = [root]
  while (stack.length > 0 && seen.size < 20_000) {
    const value = stack.pop()
    if (typeof value === "string") out.push(value)
    if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value))
      continue
    seen.add(value)
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)
      if (descriptor && "value" in descriptor) stack.push(descriptor.value)
    }
  }
  return out
}

const failureOf = <A>(exit: import("effect/Exit").Exit<A, CertCentralFailure>): CertCentralFailure => {
  if (exit._tag === "Success") throw new Error("expected a failure")
  const failure = exit.cause.reasons.find((r) => r._tag === "Fail")
  if (failure === undefined || failure._tag !== "Fail") throw new Error("expected a typed failure")
  return failure.error
}

describe("CertCentral client", () => {
  it.effect("sends the key as X-DC-DEVKEY without trace headers and decodes the body leniently", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 200, body: order })
        const result = yield* client.getOrder(42)
        assert.deepStrictEqual(result, {
          id: 42,
          status: "issued",
          certificate: { common_name: "example.com" }
        })
        const seen = fake.seen[0]
        assert.strictEqual(seen?.method, "GET")
        assert.strictEqual(seen?.url, "/services/v2/order/certificate/42")
        assert.strictEqual(seen?.headers["x-dc-devkey"], canary)
        assert.isUndefined(seen?.headers.traceparent)
        assert.isUndefined(seen?.headers.b3)
      })
    )
  )

  it.effect("shows the key to no tracer: span exits, inspect and JSON of all it receives", () => {
    const received: Array<unknown> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        received.push(options)
        const end = span.end.bind(span)
        span.end = (endTime, exit) => {
          received.push(span, exit, [...span.attributes.entries()], span.events)
          end(endTime, exit)
        }
        return span
      }
    })
    return withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 201, body: { id: 42, domains: [{ id: 1, dns_name: "example.com" }] } })
        const submitted = yield* client.submitOrder("ssl_dv_geotrust", {
          certificate: { common_name: "example.com" }
        })
        assert.strictEqual(submitted.id, 42)
        assert.strictEqual(fake.seen[0]?.headers["x-dc-devkey"], canary)
        assert.isAbove(received.length, 2)
        const json = (u: unknown) =>
          JSON.stringify(u, (_k, v) => (typeof v === "bigint" ? String(v) : v)) ?? ""
        for (const value of received) {
          assert.notInclude(inspect(value, { depth: 20, showHidden: true }), canary)
          assert.notInclude(json(value), canary)
        }
      })
    ).pipe(
      Effect.withTracer(tracer),
      Effect.provideService(HttpClient.TracerHeaderFilter, () => true)
    )
  })

  it.effect("traces each call with method, route and status, and no key", () => {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    return withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 404, body: { errors: [{ code: "not_found|order" }] } })
        yield* Effect.flip(client.getOrder(42))
        const span = spans.find((s) => s.name === "CertCentral.getOrder")
        assert.isDefined(span)
        assert.strictEqual(span?.kind, "client")
        assert.strictEqual(span?.attributes.get("http.request.method"), "GET")
        assert.strictEqual(span?.attributes.get("http.route"), "order/certificate/{order_id}")
        assert.strictEqual(span?.attributes.get("peer.service"), "certcentral")
        assert.strictEqual(span?.attributes.get("http.response.status_code"), 404)
        assert.strictEqual(span?.attributes.get("faultline.reason"), "NotFoundOrder")
        assert.strictEqual(span?.attributes.get("faultline.attempts"), 1)
        // Header capture is on for every header: still no span of the exchange carries the key.
        const attributes = spans.flatMap((s) => [...s.attributes.entries()])
        for (const [name, value] of attributes) assert.notInclude(`${name}=${String(value)}`, canary)
        assert.isUndefined(fake.seen[0]?.headers.traceparent)
      })
    ).pipe(
      Effect.withTracer(tracer),
      Effect.provideService(HttpClient.TracerHeaderFilter, () => true)
    )
  })

  it.effect("sends typed calls to their endpoints", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 201, body: { id: 7, requests: [{ id: 9, status: "pending" }], extra: "x" } })
        const submitted = yield* client.submitOrder("ssl_basic", {
          certificate: { common_name: "example.com", csr: "-----BEGIN CERTIFICATE REQUEST-----" },
          dcv_method: "dns-txt-token"
        })
        assert.deepStrictEqual(submitted, { id: 7, requests: [{ id: 9, status: "pending" }] })
        fake.reply({
          status: 200,
          body: { order_status: "issued", dcv_status: "complete", certificate_id: 3 }
        })
        const dcv = yield* client.checkDcv("7")
        assert.strictEqual(dcv.dcv_status, "complete")
        fake.reply({ status: 200, body: { orders: [{ id: 7, status: "issued" }], page: { total: 1 } } })
        const list = yield* client.listOrders({ limit: 10, offset: 0 })
        assert.strictEqual(list.orders[0]?.id, 7)
        assert.deepStrictEqual(
          fake.seen.map((s) => `${s.method} ${s.url}`),
          [
            "POST /services/v2/order/certificate/ssl_basic",
            "PUT /services/v2/order/certificate/7/check-dcv",
            "GET /services/v2/order/certificate?limit=10&offset=0"
          ]
        )
        assert.deepStrictEqual(JSON.parse(fake.seen[0]?.body ?? "").dcv_method, "dns-txt-token")
      })
    )
  )

  it.effect("refuses ids that would steer the path, without calling DigiCert", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(client.getOrder("../user/me"))
        assert.strictEqual(error._tag, "CertCentralError")
        assert.strictEqual(error.reason._tag, "InvalidValue")
        assert.deepStrictEqual(error.reason.issues, [{ param: "order_id", code: "invalid_value" }])
        const product = yield* Effect.flip(client.submitOrder("a/b", { certificate: { common_name: "x" } }))
        assert.strictEqual(product.reason.code, "invalid_value:product_name_id")
        assert.strictEqual(fake.seen.length, 0)
      })
    )
  )

  it.effect("decodes a non-2xx into CertCentralError with every entry", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({
            status: 400,
            body: {
              errors: [{ code: "invalid_dns_txt", message: "m" }, { code: "invalid_value:dcv_method" }]
            }
          })
          const error = yield* Effect.flip(client.checkDcv(42))
          assert.strictEqual(error._tag, "CertCentralError")
          if (error._tag !== "CertCentralError") return
          assert.deepStrictEqual(
            error.reasons.map((r) => r._tag),
            ["InvalidDnsTxt", "InvalidValue"]
          )
          assert.strictEqual(error.upstreamStatus, 400)
          assert.strictEqual(toProblem(error).status, 409)
          assert.strictEqual(fake.seen.length, 1)
        }),
      { retry: false }
    )
  )

  it.effect("429 then success: retried (even a POST) no sooner than Retry-After", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply(
          { status: 429, body: limited, headers: { "retry-after": "2" } },
          { status: 201, body: { id: 1 } }
        )
        const { exit, times } = yield* runAdvancing(
          fake,
          client.submitOrder("ssl_basic", { certificate: { common_name: "example.com" } })
        )
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(fake.seen.length, 2)
        assert.isAtLeast((times[1] ?? 0) - (times[0] ?? 0), 2000)
      })
    )
  )

  it.effect("request_limit_exceeded without Retry-After waits the 5 second window", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 429, body: limited }, { status: 200, body: order })
        const { exit, times } = yield* runAdvancing(fake, client.getOrder(42), "500 millis")
        assert.strictEqual(exit._tag, "Success")
        assert.isAtLeast((times[1] ?? 0) - (times[0] ?? 0), 5000)
      })
    )
  )

  it.effect("a 500 on an order POST is not retried", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply(
            { status: 500, body: "<html>Internal Server Error</html>" },
            { status: 201, body: { id: 1 } }
          )
          const { exit } = yield* runAdvancing(
            fake,
            client.submitOrder("ssl_basic", { certificate: { common_name: "example.com" } })
          )
          const error = failureOf(exit)
          assert.strictEqual(error.reason._tag, "ServerError")
          assert.strictEqual(error.reason.retry, "idempotent-only")
          assert.strictEqual(error.attempts, 1)
          yield* TestClock.adjust("1 minute")
          yield* realTick
          assert.strictEqual(fake.seen.length, 1)
        }),
      // The client's own retry; reconciliation of the lost order is tested in exactlyOnce.test.ts.
      { reconcile: false }
    )
  )

  it.effect("a 500 on a GET is retried", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 500, body: "" }, { status: 200, body: order })
        const { exit } = yield* runAdvancing(fake, client.getOrder(42))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(fake.seen.length, 2)
      })
    )
  )

  it.effect("a GET that keeps failing stops after maxAttempts", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({ status: 502, body: "<html>Bad Gateway</html>" })
          const { exit } = yield* runAdvancing(fake, client.getOrder(42))
          const error = failureOf(exit)
          assert.strictEqual(error.attempts, 3)
          assert.strictEqual(fake.seen.length, 3)
        }),
      { retry: { maxAttempts: 3 } }
    )
  )

  it.effect("a timed-out order POST is not repeated", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({ status: 0 })
          const { exit } = yield* runAdvancing(
            fake,
            client.submitOrder("ssl_basic", { certificate: { common_name: "example.com" } }),
            "1 second"
          )
          const error = failureOf(exit)
          assert.strictEqual(error._tag, "UpstreamError")
          assert.strictEqual(error.reason._tag, "UpstreamTimeout")
          assert.strictEqual(error.reason.vendor, "certcentral")
          assert.strictEqual(fake.seen.length, 1)
        }),
      { timeout: "10 seconds", reconcile: false }
    )
  )

  it.effect("transport faults are classified for certcentral and retried for GET", () =>
    Effect.gen(function* () {
      const fake = yield* fakeCertCentral
      // A port that was open a moment ago and is closed now: connection refused.
      const closed = yield* Effect.scoped(fakeCertCentral.pipe(Effect.map((f) => f.baseUrl)))
      const client = yield* getClient.pipe(
        Effect.provide(
          layer({ apiKey, baseUrl: closed, retry: { maxAttempts: 2 } }).pipe(
            Layer.provide(trackedHttpClient(fake))
          )
        )
      )
      const { exit } = yield* runAdvancing(fake, client.getOrder(42))
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "UpstreamError")
      assert.strictEqual(error.reason._tag, "TransportFault")
      assert.strictEqual(error.reason.vendor, "certcentral")
      assert.strictEqual(error.attempts, 2)
    })
  )

  it.effect("the rate limiter lets the burst through, then spaces requests over loopback HTTP", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({ status: 200, body: order })
          // limit 3 per 5 s with a burst of 2: two at once, then one every 5001 ms.
          const fiber = yield* Effect.forkChild(
            Effect.all(
              Array.from({ length: 4 }, () => client.getOrder(42)),
              { concurrency: "unbounded" }
            )
          )
          for (let i = 0; i < 20_000 && fake.seen.length < 2; i++) yield* realTick
          // The others sleep on the TestClock: however long real time runs, they cannot go out.
          for (let i = 0; i < 20; i++) yield* realTick
          assert.strictEqual(fake.seen.length, 2)
          yield* TestClock.adjust("5000 millis")
          for (let i = 0; i < 20; i++) yield* realTick
          assert.strictEqual(fake.seen.length, 2)
          yield* TestClock.adjust("1 millis")
          for (let i = 0; i < 20_000 && fake.seen.length < 3; i++) yield* realTick
          assert.strictEqual(fake.seen.length, 3)
          yield* TestClock.adjust("5001 millis")
          const results = yield* Fiber.join(fiber)
          assert.strictEqual(results.length, 4)
          assert.strictEqual(fake.seen.length, 4)
        }),
      { rateLimit: [{ limit: 3, window: "5 seconds", burst: 2 }] }
    )
  )

  it.effect("the rate limiter's wait does not count against the per-attempt timeout", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({ status: 200, body: order })
          yield* client.getOrder(42)
          // The second call waits 5001 ms for the limiter, far beyond the 1 s timeout, and succeeds.
          const { exit, times } = yield* runAdvancing(fake, client.getOrder(42), "500 millis")
          assert.strictEqual(exit._tag, "Success")
          assert.isAtLeast(times[1] ?? 0, 5000)
          assert.strictEqual(fake.seen.length, 2)
        }),
      { timeout: "1 second", retry: false, rateLimit: [{ limit: 1, window: "5 seconds" }] }
    )
  )

  it.effect("rate limiting can be turned off", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({ status: 200, body: order })
          yield* Effect.all(
            Array.from({ length: 5 }, () => client.getOrder(42)),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(fake.seen.length, 5)
        }),
      { rateLimit: false }
    )
  )

  it.effect("layerConfig reads the key and base URL from Config", () =>
    Effect.gen(function* () {
      const fake = yield* fakeCertCentral
      fake.reply({ status: 200, body: order })
      const provider = ConfigProvider.fromUnknown({
        CERTCENTRAL_API_KEY: canary,
        CERTCENTRAL_BASE_URL: fake.baseUrl
      })
      const client = yield* getClient.pipe(
        Effect.provide(
          layerConfig({ ...certCentralConfigFromEnv, rateLimit: Config.succeed(false) }).pipe(
            Layer.provide(FetchHttpClient.layer),
            Layer.provide(ConfigProvider.layer(provider))
          )
        )
      )
      yield* client.getOrder(42)
      assert.strictEqual(fake.seen[0]?.headers["x-dc-devkey"], canary)
    })
  )

  it.effect("the key never appears in any error, toJSON, inspect or log output", () => {
    const lines: Array<string> = []
    const capture = [Logger.formatJson, Logger.formatLogFmt, Logger.formatSimple].map((format) =>
      Logger.map(format, (line) => {
        lines.push(String(line))
      })
    )
    const structured = Logger.map(Logger.formatStructured, (entry) => {
      lines.push(inspect(entry, { depth: 20 }))
    })
    return Effect.gen(function* () {
      const errors: Array<unknown> = []
      const collect = (fake: FakeCertCentral, effect: Effect.Effect<unknown, CertCentralFailure>) =>
        runAdvancing(fake, effect).pipe(
          Effect.tap(({ exit }) =>
            Effect.gen(function* () {
              if (exit._tag === "Failure") {
                errors.push(failureOf(exit))
                yield* Effect.logError("certcentral call failed", exit.cause)
                yield* Effect.logError(failureOf(exit))
              }
            })
          )
        )
      yield* withClient(
        (client, fake) =>
          Effect.gen(function* () {
            fake.reply({
              status: 403,
              body: { errors: [{ code: "access_denied|access_denied_invalid_key" }] }
            })
            yield* collect(fake, client.getOrder(1))
            fake.reply({ status: 429, body: limited })
            yield* collect(fake, client.listOrders())
            fake.reply({ status: 500, body: `<html>${canary}</html>` })
            yield* collect(fake, client.submitOrder("ssl_basic", { certificate: { common_name: "x" } }))
            fake.reply({ status: 200, body: "not json" })
            yield* collect(fake, client.getOrder(2))
            fake.reply({ status: 0 })
            yield* collect(fake, client.checkDcv(3))
          }),
        { retry: false, timeout: "1 second", reconcile: false }
      )
      const closed = yield* Effect.scoped(fakeCertCentral.pipe(Effect.map((f) => f.baseUrl)))
      const fake = yield* fakeCertCentral
      const client = yield* getClient.pipe(
        Effect.provide(
          layer({ apiKey, baseUrl: closed, retry: false }).pipe(Layer.provide(trackedHttpClient(fake)))
        )
      )
      yield* collect(fake, client.getOrder(4))

      assert.strictEqual(errors.length, 6)
      assert.deepStrictEqual(
        errors.map((e) => (e as CertCentralFailure).reason._tag),
        [
          "AccessDeniedInvalidKey",
          "RequestLimitExceeded",
          "ServerError",
          "UnreadableResponse",
          "UpstreamTimeout",
          "TransportFault"
        ]
      )
      const outputs = errors.flatMap((e) => [
        String(e),
        JSON.stringify(e),
        inspect(e, { depth: 20, showHidden: true }),
        inspect((e as Error).cause, { depth: 20, showHidden: true }),
        JSON.stringify(describeFailure(e as CertCentralFailure)),
        JSON.stringify(toProblem(e, { exposeUpstreamCodes: true }))
      ])
      assert.isAbove(lines.length, 0)
      for (const e of errors) {
        const strings = reachableStrings(e)
        assert.isAbove(strings.length, 5)
        for (const str of strings) assert.notInclude(str, canary)
      }
      for (const output of [...outputs, ...lines]) assert.notInclude(output, canary)
    }).pipe(Effect.provide(Logger.layer([...capture, structured])))
  })
})

describe("composed retries and lenient success bodies", () => {
  it.effect("retryUpstream around an order sends no more than the larger attempt limit", () =>
    withClient((client, fake) =>
      Effect.gen(function* () {
        fake.reply({ status: 429, body: limited })
        const { exit } = yield* runAdvancing(
          fake,
          client
            .submitOrder("ssl_dv_geotrust", { certificate: { common_name: "example.com" } })
            .pipe(retryUpstream({ idempotent: false })),
          "1 second"
        )
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error.reason._tag, "RequestLimitExceeded")
        // The client's default policy (4 attempts) inside the app's default policy (4 attempts).
        assert.strictEqual(fake.seen.length, 4)
        assert.strictEqual(error.attempts, 4)
      })
    )
  )

  it.effect("a 201 order whose domains carry dns_name and unknown fields returns the order id", () =>
    withClient(
      (client, fake) =>
        Effect.gen(function* () {
          fake.reply({
            status: 201,
            body: {
              id: 1234,
              certificate_id: "not-a-number",
              domains: [{ id: 9, dns_name: "example.com", dcv: { token: 1 } }],
              requests: [{ id: 5, status: "pending", approver: { id: 1 } }],
              dcv_random_value: "rnd-42",
              brand_new_field: { nested: [1, 2, 3] }
            }
          })
          const order = yield* client.submitOrder("ssl_dv_geotrust", {
            certificate: { common_name: "example.com" }
          })
          assert.strictEqual(order.id, 1234)
          assert.deepStrictEqual(order.domains, [{ id: 9, dns_name: "example.com" }])
          assert.strictEqual(order.dcv_random_value, "rnd-42")
          // A field of another shape is left out, never a failure of a billed order.
          assert.isUndefined(order.certificate_id)
        }),
      { rateLimit: false }
    )
  )
})
