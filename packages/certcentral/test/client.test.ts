import { inspect } from "node:util"
import { describeFailure, retryUpstream, toProblem } from "@faultline/core"
import { assert, describe, it } from "@effect/vitest"
import { type CertCentralSimulatorHandle, faults } from "@faultline/testing"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
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
import {
  anOrder,
  closedUrl,
  type InFlight,
  placeOrder,
  realTick,
  runAdvancing,
  simulator,
  trackedHttpClient
} from "./simulator.js"

const canary = "CANARY-DEVKEY-7f3c9a1e5b"
const apiKey = Redacted.make(canary)
const order = {
  id: 42,
  status: "issued",
  certificate: { common_name: "example.com", surprise: true },
  new_field: 1
}
const limited = { errors: [{ code: "request_limit_exceeded", message: "slow down" }] }
const json = { "content-type": "application/json" }

/** The simulator, what the client sent it, and what is in flight. */
interface Upstream {
  readonly sim: CertCentralSimulatorHandle
  readonly inFlight: InFlight
}

const getClient = Effect.gen(function* () {
  return yield* CertCentral
})

const withClient = <A, E>(
  f: (client: CertCentral["Service"], upstream: Upstream) => Effect.Effect<A, E>,
  config: Partial<CertCentralOptions> = {}
) =>
  Effect.gen(function* () {
    const sim = yield* simulator(canary)
    const inFlight: InFlight = { count: 0 }
    const client = yield* getClient.pipe(
      Effect.provide(
        layer({ apiKey, baseUrl: sim.url, ...config }).pipe(Layer.provide(trackedHttpClient(inFlight)))
      )
    )
    return yield* f(client, { sim, inFlight })
  })

/** The requests the simulator received, as `METHOD path?query`. */
const sent = (sim: CertCentralSimulatorHandle) =>
  sim.requests.map((r) => `${r.method} ${r.path}${r.query === "" ? "" : `?${r.query}`}`)

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
    withClient((client, { sim }) =>
      Effect.gen(function* () {
        sim.inject(faults.json(200, order))
        const result = yield* client.getOrder(42)
        assert.deepStrictEqual(result, {
          id: 42,
          status: "issued",
          certificate: { common_name: "example.com" }
        })
        const seen = sim.requests[0]
        assert.strictEqual(seen?.method, "GET")
        assert.strictEqual(seen?.path, "/services/v2/order/certificate/42")
        // The simulator accepts the canary key only: the header carried exactly that key.
        assert.strictEqual(seen?.headers["x-dc-devkey"], "[redacted]")
        assert.isTrue(seen?.authenticated)
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
    return withClient((client, { sim }) =>
      Effect.gen(function* () {
        const submitted = yield* client.submitOrder("ssl_dv_geotrust", anOrder)
        assert.strictEqual(submitted.id, sim.orders()[0]?.id)
        assert.deepStrictEqual(submitted.domains, [
          { id: sim.orders()[0]?.domains[0]?.id ?? -1, name: "example.com", dns_name: "example.com" }
        ])
        assert.isTrue(sim.requests[0]?.authenticated)
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
    return withClient((client, { sim }) =>
      Effect.gen(function* () {
        // No order 42 at the simulator: DigiCert's 404 not_found|order.
        yield* Effect.flip(client.getOrder(42))
        const span = spans.find((s) => s.name === "CertCentral.getOrder")
        assert.isDefined(span)
        assert.strictEqual(span?.kind, "internal")
        assert.strictEqual(span?.attributes.get("faultline.vendor"), "certcentral")
        assert.strictEqual(span?.attributes.get("faultline.route"), "order/certificate/{order_id}")
        assert.isFalse(span?.attributes.has("peer.service"))
        assert.strictEqual(span?.attributes.get("faultline.reason"), "NotFoundOrder")
        assert.strictEqual(span?.attributes.get("faultline.attempts"), 1)
        // The request itself: one client span after OpenTelemetry's HTTP client conventions.
        const sent = spans.filter((s) => s.kind === "client")
        assert.lengthOf(sent, 1)
        assert.strictEqual(sent[0]?.name, "GET")
        assert.strictEqual(sent[0]?.attributes.get("http.request.method"), "GET")
        assert.strictEqual(sent[0]?.attributes.get("url.full"), new URL("order/certificate/42", sim.url).href)
        assert.strictEqual(sent[0]?.attributes.get("http.response.status_code"), 404)
        assert.strictEqual(sent[0]?.attributes.get("error.type"), "NotFoundOrder")
        // Header capture is on for every header: still no span of the exchange carries the key.
        const attributes = spans.flatMap((s) => [...s.attributes.entries()])
        for (const [name, value] of attributes) assert.notInclude(`${name}=${String(value)}`, canary)
        assert.isUndefined(sim.requests[0]?.headers.traceparent)
      })
    ).pipe(
      Effect.withTracer(tracer),
      Effect.provideService(HttpClient.TracerHeaderFilter, () => true)
    )
  })

  it.effect("sends typed calls to their endpoints", () =>
    withClient((client, { sim }) =>
      Effect.gen(function* () {
        const submitted = yield* client.submitOrder("ssl_basic", { ...anOrder, dcv_method: "dns-txt-token" })
        const placed = sim.orders()[0]
        assert.deepStrictEqual(submitted, {
          id: placed?.id ?? -1,
          domains: [{ id: placed?.domains[0]?.id ?? -1, name: "example.com", dns_name: "example.com" }],
          dcv_random_value: placed?.dcvRandomValue ?? "",
          requests: [{ id: placed?.requestId ?? -1, status: "pending" }]
        })
        // Approved, as an approver would: check-dcv then answers the issued order.
        assert.isTrue(sim.issue(submitted.id))
        const dcv = yield* client.checkDcv(String(submitted.id))
        assert.strictEqual(dcv.dcv_status, "valid")
        assert.strictEqual(dcv.order_status, "issued")
        const value = yield* client.newDcvRandomValue(submitted.id)
        assert.strictEqual(value.dcv_random_value, placed?.dcvRandomValue)
        const list = yield* client.listOrders({ limit: 10, offset: 0 })
        assert.strictEqual(list.orders[0]?.id, submitted.id)
        assert.deepStrictEqual(sent(sim), [
          "POST /services/v2/order/certificate/ssl_basic",
          `PUT /services/v2/order/certificate/${submitted.id}/check-dcv`,
          `PUT /services/v2/order/certificate/${submitted.id}/dcv-random-value`,
          "GET /services/v2/order/certificate?limit=10&offset=0"
        ])
        assert.deepStrictEqual(JSON.parse(sim.requests[0]?.body ?? "").dcv_method, "dns-txt-token")
      })
    )
  )

  it.effect("refuses ids that would steer the path, without calling DigiCert", () =>
    withClient((client, { sim }) =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(client.getOrder("../user/me"))
        assert.strictEqual(error._tag, "CertCentralError")
        assert.strictEqual(error.reason._tag, "InvalidValue")
        assert.deepStrictEqual(error.reason.issues, [{ param: "order_id", code: "invalid_value" }])
        const product = yield* Effect.flip(client.submitOrder("a/b", { certificate: { common_name: "x" } }))
        assert.strictEqual(product.reason.code, "invalid_value:product_name_id")
        assert.strictEqual(sim.requests.length, 0)
      })
    )
  )

  it.effect("decodes a non-2xx into CertCentralError with every entry", () =>
    withClient(
      (client, { sim }) =>
        Effect.gen(function* () {
          sim.inject(
            faults.json(400, {
              errors: [{ code: "invalid_dns_txt", message: "m" }, { code: "invalid_value:dcv_method" }]
            })
          )
          const error = yield* Effect.flip(client.checkDcv(42))
          assert.strictEqual(error._tag, "CertCentralError")
          if (error._tag !== "CertCentralError") return
          assert.deepStrictEqual(
            error.reasons.map((r) => r._tag),
            ["InvalidDnsTxt", "InvalidValue"]
          )
          assert.strictEqual(error.upstreamStatus, 400)
          assert.strictEqual(toProblem(error).status, 409)
          assert.strictEqual(sim.requests.length, 1)
        }),
      { retry: false }
    )
  )

  it.effect("429 then success: retried (even a POST) no sooner than Retry-After", () =>
    withClient((client, { sim, inFlight }) =>
      Effect.gen(function* () {
        sim.inject(faults.json(429, limited, { "retry-after": "2" }))
        const { exit, times } = yield* runAdvancing(sim, inFlight, client.submitOrder("ssl_basic", anOrder))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(sim.requests.length, 2)
        assert.strictEqual(sim.orders().length, 1)
        assert.isAtLeast((times[1] ?? 0) - (times[0] ?? 0), 2000)
      })
    )
  )

  it.effect("request_limit_exceeded without Retry-After waits the 5 second window", () =>
    withClient((client, { sim, inFlight }) =>
      Effect.gen(function* () {
        const id = yield* placeOrder(sim, canary)
        // DigiCert's documented 429, which carries no Retry-After.
        sim.inject(faults.error("request_limit_exceeded"))
        const { exit, times } = yield* runAdvancing(sim, inFlight, client.getOrder(id), "500 millis")
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(sim.requests.length, 3)
        assert.isAtLeast((times[1] ?? 0) - (times[0] ?? 0), 5000)
      })
    )
  )

  it.effect("a 500 on an order POST is not retried", () =>
    withClient(
      (client, { sim, inFlight }) =>
        Effect.gen(function* () {
          sim.inject(
            faults.status(500, "<html>Internal Server Error</html>", { "content-type": "text/html" })
          )
          const { exit } = yield* runAdvancing(sim, inFlight, client.submitOrder("ssl_basic", anOrder))
          const error = failureOf(exit)
          assert.strictEqual(error.reason._tag, "ServerError")
          assert.strictEqual(error.reason.retry, "idempotent-only")
          assert.strictEqual(error.attempts, 1)
          yield* TestClock.adjust("1 minute")
          yield* realTick
          assert.strictEqual(sim.requests.length, 1)
          assert.strictEqual(sim.orders().length, 0)
        }),
      // The client's own retry; reconciliation of the lost order is tested in exactlyOnce.test.ts.
      { reconcile: false }
    )
  )

  it.effect("a 500 on a GET is retried", () =>
    withClient((client, { sim, inFlight }) =>
      Effect.gen(function* () {
        const id = yield* placeOrder(sim, canary)
        sim.inject(faults.status(500, ""))
        const { exit } = yield* runAdvancing(sim, inFlight, client.getOrder(id))
        assert.strictEqual(exit._tag, "Success")
        assert.strictEqual(sim.requests.length, 1 + 2)
      })
    )
  )

  it.effect("a GET that keeps failing stops after maxAttempts", () =>
    withClient(
      (client, { sim, inFlight }) =>
        Effect.gen(function* () {
          // More 502 pages than attempts: a fourth attempt would be seen and counted.
          sim.inject(faults.htmlBadGateway(), { times: 10 })
          const { exit } = yield* runAdvancing(sim, inFlight, client.getOrder(42))
          const error = failureOf(exit)
          assert.strictEqual(error.attempts, 3)
          assert.strictEqual(sim.requests.length, 3)
        }),
      { retry: { maxAttempts: 3 } }
    )
  )

  it.effect("a timed-out order POST is not repeated", () =>
    withClient(
      (client, { sim, inFlight }) =>
        Effect.gen(function* () {
          sim.inject(faults.hang(), { times: 10 })
          const { exit } = yield* runAdvancing(
            sim,
            inFlight,
            client.submitOrder("ssl_basic", anOrder),
            "1 second"
          )
          const error = failureOf(exit)
          assert.strictEqual(error._tag, "UpstreamError")
          assert.strictEqual(error.reason._tag, "UpstreamTimeout")
          assert.strictEqual(error.reason.vendor, "certcentral")
          assert.strictEqual(sim.requests.length, 1)
        }),
      { timeout: "10 seconds", reconcile: false }
    )
  )

  it.effect("transport faults are classified for certcentral and retried for GET", () =>
    Effect.gen(function* () {
      const sim = yield* simulator(canary)
      const inFlight: InFlight = { count: 0 }
      // A port that was open a moment ago and is closed now: connection refused.
      const closed = yield* closedUrl(canary)
      const client = yield* getClient.pipe(
        Effect.provide(
          layer({ apiKey, baseUrl: closed, retry: { maxAttempts: 2 } }).pipe(
            Layer.provide(trackedHttpClient(inFlight))
          )
        )
      )
      const { exit } = yield* runAdvancing(sim, inFlight, client.getOrder(42))
      const error = failureOf(exit)
      assert.strictEqual(error._tag, "UpstreamError")
      assert.strictEqual(error.reason._tag, "TransportFault")
      assert.strictEqual(error.reason.vendor, "certcentral")
      assert.strictEqual(error.attempts, 2)
    })
  )

  it.effect("the rate limiter fills the rolling window at once, then waits a window from the answers", () =>
    withClient(
      (client, { sim }) =>
        Effect.gen(function* () {
          const id = yield* placeOrder(sim, canary)
          const seen = () => sim.requests.length - 1
          // limit 3 per 5 s: three at once; the fourth 5 s after the answers (at virtual 0).
          const fiber = yield* Effect.forkChild(
            Effect.all(
              Array.from({ length: 4 }, () => client.getOrder(id)),
              { concurrency: "unbounded" }
            )
          )
          for (let i = 0; i < 20_000 && seen() < 3; i++) yield* realTick
          // The fourth sleeps on the TestClock: however long real time runs, it cannot go out.
          for (let i = 0; i < 20; i++) yield* realTick
          assert.strictEqual(seen(), 3)
          yield* TestClock.adjust("4999 millis")
          for (let i = 0; i < 20; i++) yield* realTick
          assert.strictEqual(seen(), 3)
          yield* TestClock.adjust("1 millis")
          for (let i = 0; i < 20_000 && seen() < 4; i++) yield* realTick
          const results = yield* Fiber.join(fiber)
          assert.strictEqual(results.length, 4)
          assert.strictEqual(seen(), 4)
        }),
      { rateLimit: [{ limit: 3, window: "5 seconds" }] }
    )
  )

  it.effect("the rate limiter's wait does not count against the per-attempt timeout", () =>
    withClient(
      (client, { sim, inFlight }) =>
        Effect.gen(function* () {
          const id = yield* placeOrder(sim, canary)
          yield* client.getOrder(id)
          // The second call waits 5001 ms for the limiter, far beyond the 1 s timeout, and succeeds.
          const { exit, times } = yield* runAdvancing(sim, inFlight, client.getOrder(id), "500 millis")
          assert.strictEqual(exit._tag, "Success")
          assert.isAtLeast(times[0] ?? 0, 5000)
          assert.strictEqual(sim.requests.length, 1 + 2)
        }),
      { timeout: "1 second", retry: false, rateLimit: [{ limit: 1, window: "5 seconds" }] }
    )
  )

  it.effect("rate limiting can be turned off", () =>
    withClient(
      (client, { sim }) =>
        Effect.gen(function* () {
          const id = yield* placeOrder(sim, canary)
          yield* Effect.all(
            Array.from({ length: 5 }, () => client.getOrder(id)),
            { concurrency: "unbounded" }
          )
          assert.strictEqual(sim.requests.length, 1 + 5)
        }),
      { rateLimit: false }
    )
  )

  it.effect("layerConfig reads the key and base URL from Config", () =>
    Effect.gen(function* () {
      const sim = yield* simulator(canary)
      const id = yield* placeOrder(sim, canary)
      const provider = ConfigProvider.fromUnknown({
        CERTCENTRAL_API_KEY: canary,
        CERTCENTRAL_BASE_URL: sim.url
      })
      const client = yield* getClient.pipe(
        Effect.provide(
          layerConfig({ ...certCentralConfigFromEnv, rateLimit: Config.succeed(false) }).pipe(
            Layer.provide(FetchHttpClient.layer),
            Layer.provide(ConfigProvider.layer(provider))
          )
        )
      )
      const got = yield* client.getOrder(id)
      assert.strictEqual(got.id, id)
      assert.strictEqual(sim.requests.length, 2)
      assert.isTrue(sim.requests[1]?.authenticated)
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
      const collect = (upstream: Upstream, effect: Effect.Effect<unknown, CertCentralFailure>) =>
        runAdvancing(upstream.sim, upstream.inFlight, effect).pipe(
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
        (client, upstream) =>
          Effect.gen(function* () {
            const { sim } = upstream
            sim.inject(faults.error("access_denied|access_denied_invalid_key"))
            yield* collect(upstream, client.getOrder(1))
            sim.inject(faults.json(429, limited))
            yield* collect(upstream, client.listOrders())
            sim.inject(faults.status(500, `<html>${canary}</html>`, { "content-type": "text/html" }))
            yield* collect(upstream, client.submitOrder("ssl_basic", { certificate: { common_name: "x" } }))
            sim.inject(faults.status(200, "not json", json))
            yield* collect(upstream, client.getOrder(2))
            sim.inject(faults.hang())
            yield* collect(upstream, client.checkDcv(3))
          }),
        { retry: false, timeout: "1 second", reconcile: false }
      )
      const closed = yield* closedUrl(canary)
      const sim = yield* simulator(canary)
      const inFlight: InFlight = { count: 0 }
      const client = yield* getClient.pipe(
        Effect.provide(
          layer({ apiKey, baseUrl: closed, retry: false }).pipe(Layer.provide(trackedHttpClient(inFlight)))
        )
      )
      yield* collect({ sim, inFlight }, client.getOrder(4))

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
    withClient((client, { sim, inFlight }) =>
      Effect.gen(function* () {
        // DigiCert keeps refusing (more refusals than any attempt limit): every attempt is counted.
        sim.inject(faults.error("request_limit_exceeded"), { times: 100 })
        const { exit } = yield* runAdvancing(
          sim,
          inFlight,
          client.submitOrder("ssl_dv_geotrust", anOrder).pipe(retryUpstream({ idempotent: false })),
          "1 second"
        )
        const error = yield* Effect.flip(exit)
        assert.strictEqual(error.reason._tag, "RequestLimitExceeded")
        // The client's default policy (4 attempts) inside the app's default policy (4 attempts).
        assert.strictEqual(sim.requests.length, 4)
        assert.strictEqual(error.attempts, 4)
        assert.strictEqual(sim.orders().length, 0)
      })
    )
  )

  it.effect("a 201 order whose domains carry dns_name and unknown fields returns the order id", () =>
    withClient(
      (client, { sim }) =>
        Effect.gen(function* () {
          sim.inject(
            faults.json(201, {
              id: 1234,
              certificate_id: "not-a-number",
              domains: [{ id: 9, dns_name: "example.com", dcv: { token: 1 } }],
              requests: [{ id: 5, status: "pending", approver: { id: 1 } }],
              dcv_random_value: "rnd-42",
              brand_new_field: { nested: [1, 2, 3] }
            })
          )
          const order = yield* client.submitOrder("ssl_dv_geotrust", anOrder)
          assert.strictEqual(order.id, 1234)
          assert.deepStrictEqual(order.domains, [{ id: 9, dns_name: "example.com" }])
          assert.strictEqual(order.dcv_random_value, "rnd-42")
          // A field of another shape is left out, never a failure of a billed order; unknown ones too.
          assert.isUndefined(order.certificate_id)
          assert.notProperty(order, "brand_new_field")
        }),
      { rateLimit: false }
    )
  )
})
