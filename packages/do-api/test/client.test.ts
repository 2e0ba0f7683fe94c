import { inspect } from "node:util"
import { assert, describe, expect, it } from "@effect/vitest"
import { InvalidOptionError, retryUpstream, toProblem } from "@faultline/core"
import {
  type DoApiSimulatorHandle,
  doApiErrorBody,
  faults,
  sampleRequestId,
  startDoApiSimulator
} from "@faultline/testing"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as References from "effect/References"
import * as TestClock from "effect/testing/TestClock"
import * as Tracer from "effect/Tracer"
import { afterEach, beforeEach } from "vitest"
import { apiPath, DoApi, type DoApiOptions, DoApiError } from "../src/index.js"

// Against @faultline/testing's DO-API simulator: a real server on 127.0.0.1 that verifies every
// signature with its own code (independent of src/sign.ts), keeps zones and records, and fails on
// demand. Its clock is the test's `serverNow` (epoch 0 unless a test moves it), the client's the
// TestClock, so Expire checks are deterministic.

const accessKey = "AKTESTACCESSKEY0001"
const secretKey = "sk-test-9f8e7d6c5b4a-do-not-log"
/** DO-API's RequestId form (five groups of eight hex digits), as the simulator answers it. */
const requestIdForm = /^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/

let sim: DoApiSimulatorHandle
let serverNow = 0
beforeEach(async () => {
  serverNow = 0
  inFlight = 0
  sim = await startDoApiSimulator({
    credentials: [{ accessKey, secretKey }],
    serviceCode: "do0000001",
    // The account's zones, the odd names included, so every path the tests send can answer.
    zones: ["example.jp", "example.com", "xn--r8jz45g.jp", "a b~(x)'*!", "zone.example.jp."],
    otherServices: [{ serviceCode: "do0000002", zones: ["example.net"] }],
    now: () => serverNow
  })
})
afterEach(() => sim.close())

/** Every request the simulator received carried a valid, unexpired signature. */
const allSigned = () => sim.requests.every((r) => r.authenticated)

/** A record the simulator accepts (a TTL of IIJ's list, an address outside the reserved blocks). */
const newRecord = { owner: "www", ttl: 300, recordType: "A", rdata: "93.184.216.34" }

// Requests the client has sent and not yet got an answer for: the TestClock moves only without any.
let inFlight = 0
const tracked = (http: Layer.Layer<HttpClient.HttpClient>): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) =>
      HttpClient.transform(client, (response) =>
        Effect.suspend(() => {
          inFlight++
          return response
        }).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              inFlight--
            })
          )
        )
      )
    )
  ).pipe(Layer.provide(http))

const config = (overrides: Partial<DoApiOptions> = {}): DoApiOptions => ({
  ...sim.clientOptions,
  ...overrides
})

const withDoApi =
  (cfg: DoApiOptions = config(), http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer) =>
  <A, E>(self: Effect.Effect<A, E, DoApi>) =>
    // Options are checked when the layer is built; these tests use valid ones (see "options").
    Effect.provide(self, DoApi.layer(cfg).pipe(Layer.provide(tracked(http)), Layer.orDie))

// Lets real loopback I/O progress while the TestClock is moved past backoff delays: no wall-clock
// waits, only event-loop turns. Time moves only while nothing is on the wire (or only what the
// server holds forever), so a slow machine cannot make an answered request look timed out.
const clocked = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(self)
    for (let turn = 0; turn < 50_000 && fiber.pollUnsafe() === undefined; turn++) {
      yield* Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))
      if (inFlight <= sim.hanging) yield* TestClock.adjust("100 millis")
    }
    return yield* Fiber.join(fiber)
  })

const listZones = Effect.gen(function* () {
  return yield* (yield* DoApi).listZones()
})

const zoneList = ["example.jp", "example.com", "xn--r8jz45g.jp", "a b~(x)'*!", "zone.example.jp."]
const running = faults.error("RequestRunning")
/** A body of DO-API's error shape with an ErrorType no table lists. */
const unknownError = (type: string) => faults.status(200, doApiErrorBody(type, "x"), json)
const json = { "content-type": "application/json" }

/** The requests the simulator received, as `METHOD path`. */
const sent = () => sim.requests.map((r) => `${r.method} ${r.path}`)
/** The Expire each request was signed with. */
const expires = () => sim.requests.map((r) => r.headers["x-iijapi-expire"])

describe("DoApi against a verifying DO-API on 127.0.0.1", () => {
  it.effect("a correctly signed call succeeds and returns the RequestId", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const result = yield* api.listZones()
      assert.deepStrictEqual(result.zones, zoneList)
      assert.match(result.requestId ?? "", requestIdForm)
      const [received] = sim.requests
      assert.strictEqual(received?.method, "GET")
      assert.strictEqual(received?.path, "/r/20140601/do0000001/zones.json")
      assert.strictEqual(received?.headers["x-iijapi-expire"], "1970-01-01T00:05:00Z")
      assert.isTrue(received?.authenticated)
      // No trace context goes to IIJ.
      assert.isUndefined(received?.headers.traceparent)
      assert.isUndefined(received?.headers.b3)
    }).pipe(withDoApi())
  )

  it.effect("records, add, delete and commit use DO-API's paths, methods and bodies", () =>
    Effect.gen(function* () {
      const record = {
        Id: "963",
        Status: "ADDING",
        Owner: "_acme-challenge",
        TTL: "300",
        RecordType: "TXT",
        RData: '"tok"',
        Extra: 1
      }
      // A listing with a field DO-API may add one day, and TTL as the string IIJ sends.
      sim.inject(
        faults.json(200, { RequestId: sampleRequestId, RecordList: [record], StaticRecordList: null }),
        {
          method: "GET"
        }
      )
      const api = yield* DoApi
      const listed = yield* api.listRecords("example.jp")
      assert.deepStrictEqual(listed.records, [
        {
          id: "963",
          status: "ADDING",
          owner: "_acme-challenge",
          ttl: 300,
          recordType: "TXT",
          rdata: '"tok"',
          description: undefined
        }
      ])
      const added = yield* api.addRecord("example.jp", {
        owner: "_acme-challenge",
        ttl: 300,
        recordType: "TXT",
        rdata: '"tok"'
      })
      assert.deepStrictEqual(JSON.parse(sim.requests[1]?.body ?? ""), {
        Owner: "_acme-challenge",
        TTL: "300",
        RecordType: "TXT",
        RData: '"tok"'
      })
      assert.strictEqual(sim.requests[1]?.headers["content-type"], "application/json")
      const [stored] = sim.records("example.jp")
      assert.strictEqual(added.record.id, stored?.Id)
      assert.strictEqual(added.record.status, "ADDING")
      // The account's other service code, per call.
      const deleted = yield* Effect.flip(api.deleteRecord("example.net", "963", { serviceCode: "do0000002" }))
      // Signed and routed to do0000002, whose zone holds no record 963.
      assert.strictEqual(deleted.reason._tag, "ResourceNotExist")
      assert.isDefined(deleted.reason.requestId)
      const removed = yield* api.deleteRecord("example.jp", added.record.id)
      assert.isDefined(removed.requestId)
      yield* api.commit()
      assert.deepStrictEqual(sent(), [
        "GET /r/20140601/do0000001/example.jp/records/DETAIL.json",
        "POST /r/20140601/do0000001/example.jp/record.json",
        "DELETE /r/20140601/do0000002/example.net/record/963.json",
        `DELETE /r/20140601/do0000001/example.jp/record/${added.record.id}.json`,
        "PUT /r/20140601/do0000001/commit.json"
      ])
      assert.isTrue(allSigned())
      assert.deepStrictEqual(sim.records("example.jp"), [])
    }).pipe(withDoApi())
  )

  it.effect("a wrong secret gets SignatureDoesNotMatch from the server, not retried", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const error = yield* Effect.flip(api.listZones())
      assert.instanceOf(error, DoApiError)
      if (!(error instanceof DoApiError)) return
      assert.strictEqual(error.reason._tag, "SignatureDoesNotMatch")
      assert.strictEqual(error.reason.category, "misconfigured")
      assert.strictEqual(error.upstreamStatus, 403)
      assert.isDefined(error.requestId)
      assert.strictEqual(error.reason.requestId, error.requestId)
      assert.strictEqual(sim.requests.length, 1)
    }).pipe(withDoApi(config({ secretKey: Redacted.make("not-the-secret") })))
  )

  it.effect("a request tampered after signing gets SignatureDoesNotMatch", () => {
    const tampering = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        client.pipe(
          HttpClient.mapRequest(HttpClientRequest.setUrl(`${sim.url}/r/20140601/do0000002/zones.json`))
        )
      )
    ).pipe(Layer.provide(FetchHttpClient.layer))
    return Effect.gen(function* () {
      const api = yield* DoApi
      const error = yield* Effect.flip(api.listZones())
      assert.strictEqual(error.reason._tag, "SignatureDoesNotMatch")
      assert.strictEqual(sim.requests[0]?.path, "/r/20140601/do0000002/zones.json")
    }).pipe(withDoApi(config(), tampering))
  })

  it.effect("an unknown access key is AuthFailure", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip((yield* DoApi).listZones())
      assert.strictEqual(error.reason._tag, "AuthFailure")
      assert.strictEqual(toProblem(error).status, 502)
    }).pipe(withDoApi(config({ accessKey: Redacted.make("AKUNKNOWN") })))
  )

  it.effect("RequestRunning twice then success is recovered, even for a POST", () =>
    Effect.gen(function* () {
      sim.inject(running, { times: 2, method: "POST" })
      const api = yield* DoApi
      const result = yield* clocked(api.addRecord("example.jp", newRecord))
      assert.strictEqual(result.record.id, sim.records("example.jp")[0]?.Id)
      assert.strictEqual(sim.requests.length, 3)
      assert.isTrue(sim.requests.every((r) => r.method === "POST"))
      assert.isTrue(allSigned())
    }).pipe(withDoApi())
  )

  it.effect("RequestRunning that never clears ends with the RequestRunning failure and its attempts", () =>
    Effect.gen(function* () {
      sim.inject(running, { times: 100 })
      const error = yield* Effect.flip(clocked((yield* DoApi).commit()))
      assert.strictEqual(error.reason._tag, "RequestRunning")
      assert.strictEqual(error.attempts, 3)
      assert.strictEqual(sim.requests.length, 3)
      assert.strictEqual(toProblem(error).status, 409)
      assert.isTrue(allSigned())
    }).pipe(withDoApi(config({ retry: { maxAttempts: 3, jitter: false } })))
  )

  it.effect("an expired signature is re-signed with a fresh Expire, once", () =>
    Effect.gen(function* () {
      // The server's clock is 10 minutes ahead; the first request "spends" 10 minutes in flight.
      serverNow = 10 * 60_000
      const clientNow = () => (sim.requests.length === 0 ? 0 : 10 * 60_000)
      const base = yield* Clock.Clock
      const clock: Clock.Clock = Object.create(base, {
        currentTimeMillisUnsafe: { value: clientNow },
        currentTimeMillis: { value: Effect.sync(clientNow) }
      })
      const result = yield* (yield* DoApi).listZones().pipe(Effect.provideService(Clock.Clock, clock))
      assert.deepStrictEqual(result.zones, zoneList)
      assert.deepStrictEqual(expires(), ["1970-01-01T00:05:00Z", "1970-01-01T00:15:00Z"])
      assert.deepStrictEqual(
        sim.requests.map((r) => r.authenticated),
        [false, true]
      )
    }).pipe(withDoApi())
  )

  it.effect("a signature that stays expired is re-signed only once", () =>
    Effect.gen(function* () {
      serverNow = 60 * 60_000
      const error = yield* Effect.flip(clocked((yield* DoApi).listZones()))
      assert.strictEqual(error.reason._tag, "RequestExpired")
      assert.strictEqual(error.reason.retry, "safe")
      assert.strictEqual(sim.requests.length, 2)
      // attempts counts every request sent, the re-sign included.
      assert.strictEqual(error.attempts, 2)
    }).pipe(withDoApi())
  )

  it.effect("Timeout is retried for an idempotent GET", () =>
    Effect.gen(function* () {
      sim.inject(faults.error("Timeout"))
      const result = yield* clocked((yield* DoApi).listZones())
      assert.strictEqual(result.zones.length, zoneList.length)
      assert.strictEqual(sim.requests.length, 2)
      assert.isTrue(allSigned())
    }).pipe(withDoApi(config({ retry: { jitter: false } })))
  )

  // Reconciliation off: the client's own retry never resends a change that may have been made.
  it.effect("Timeout and SystemError are not retried for a POST or a commit", () =>
    Effect.gen(function* () {
      sim.inject(faults.error("Timeout"), { method: "POST" })
      sim.inject(faults.error("SystemError"), { path: "commit.json" })
      const api = yield* DoApi
      const timeout = yield* Effect.flip(clocked(api.addRecord("example.jp", newRecord)))
      assert.strictEqual(timeout.reason._tag, "Timeout")
      const system = yield* Effect.flip(clocked(api.commit()))
      assert.strictEqual(system.reason._tag, "SystemError")
      assert.strictEqual(sim.requests.length, 2)
      assert.deepStrictEqual(sim.records("example.jp"), [])
    }).pipe(withDoApi(config({ reconcile: false })))
  )

  it.effect("an attempt with no answer times out: retried for a GET, not for a POST", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      sim.inject(faults.hang())
      const zonesResult = yield* clocked(api.listZones())
      assert.strictEqual(zonesResult.zones.length, zoneList.length)
      assert.strictEqual(sim.requests.length, 2)

      sim.inject(faults.hang(), { times: 10 })
      const error = yield* Effect.flip(clocked(api.addRecord("example.jp", newRecord)))
      assert.strictEqual(error._tag, "UpstreamError")
      assert.strictEqual(error.reason._tag, "UpstreamTimeout")
      assert.strictEqual(error.reason.vendor, "do-api")
      assert.strictEqual(error.reason.category, "timeout")
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(sim.requests.length, 3)
      assert.strictEqual(toProblem(error).status, 504)
    }).pipe(withDoApi(config({ timeout: "5 seconds", retry: { jitter: false }, reconcile: false })))
  )

  it.effect("API-specific 200 errors fail the call with their RequestId", () =>
    Effect.gen(function* () {
      // No record 404 in the zone: the simulator's ResourceNotExist, status 200.
      const error = yield* Effect.flip((yield* DoApi).deleteRecord("example.jp", "404"))
      assert.strictEqual(error.reason._tag, "ResourceNotExist")
      assert.strictEqual(error.reason.upstreamStatus, 200)
      assert.strictEqual(toProblem(error).status, 404)
      assert.match(toProblem(error).headers["x-upstream-request-id"] ?? "", requestIdForm)
      assert.strictEqual(sim.requests.length, 1)
    }).pipe(withDoApi())
  )

  it.effect("recovery stays typed with catchReason", () =>
    Effect.gen(function* () {
      // Maintenance cannot happen on a local server: injected, as IIJ documents it (403 StatusError).
      sim.inject(faults.error("StatusError"), { times: 10 })
      const outcome = yield* (yield* DoApi).listZones().pipe(
        Effect.map(() => "listed"),
        Effect.catchReason("DoApiError", "StatusError", (reason) =>
          Effect.succeed(`maintenance ${reason.requestId !== undefined}`)
        )
      )
      assert.strictEqual(outcome, "maintenance true")
    }).pipe(withDoApi())
  )

  it.effect(
    "a success body of the wrong shape is an UnreadableResponse, a 404 without body UrlNotFound",
    () =>
      Effect.gen(function* () {
        sim.inject(faults.json(200, { RequestId: sampleRequestId, ZoneList: "nope" }), { path: "zones.json" })
        sim.inject(faults.error("http_404"), { path: "commit.json" })
        const api = yield* DoApi
        const unreadable = yield* Effect.flip(clocked(api.listZones()))
        assert.strictEqual(unreadable._tag, "UpstreamError")
        assert.strictEqual(unreadable.reason._tag, "UnreadableResponse")
        assert.strictEqual(unreadable.reason.vendor, "do-api")
        const notFound = yield* Effect.flip(api.commit())
        assert.strictEqual(notFound.reason._tag, "UrlNotFound")
        assert.strictEqual(toProblem(notFound).status, 502)
      }).pipe(withDoApi(config({ retry: { maxAttempts: 1 } })))
  )

  it.effect("bad path segments and a missing service code fail typed before any request", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const badZone = yield* Effect.flip(api.listRecords("..", { serviceCode: "do0000001" }))
      assert.strictEqual(badZone.reason.code, "InvalidPathSegment")
      const noCode = yield* Effect.flip(api.listZones())
      assert.strictEqual(noCode.reason.code, "MissingServiceCode")
      assert.strictEqual(sim.requests.length, 0)
    }).pipe(withDoApi(config({ serviceCode: undefined })))
  )

  it.effect("transport faults are classified with vendor do-api and retried for GETs", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.promise(closedUrl)
      const error = yield* Effect.flip(
        clocked(listZones.pipe(withDoApi(config({ baseUrl: closed, retry: { maxAttempts: 2 } }))))
      )
      assert.strictEqual(error._tag, "UpstreamError")
      assert.strictEqual(error.reason.vendor, "do-api")
      assert.strictEqual(error.reason._tag, "TransportFault")
      assert.strictEqual(error.attempts, 2)
    })
  )
})

/** The URL of a simulator that was started and closed again: connections are refused there. */
const closedUrl = async () => {
  const closed = await startDoApiSimulator()
  await closed.close()
  return closed.url
}

describe("secrets", () => {
  it.effect("never appear in errors, toJSON, inspect, problems or captured logs", () => {
    const logs: Array<string> = []
    const capture = Logger.make((options) => {
      logs.push(Logger.formatJson.log(options))
    })
    return Effect.gen(function* () {
      sim.inject(running)
      sim.inject(faults.error("ParameterError"))
      const api = yield* DoApi
      const error = yield* Effect.flip(clocked(api.listZones()))
      assert.strictEqual(error.reason._tag, "ParameterError")
      const wrongSecret = yield* Effect.flip(
        listZones.pipe(withDoApi(config({ secretKey: Redacted.make(`${secretKey}-rotated`) })))
      )
      assert.strictEqual(wrongSecret.reason._tag, "SignatureDoesNotMatch")
      const outputs = [
        JSON.stringify(error),
        inspect(error, { depth: 10 }),
        String(error),
        error.message,
        JSON.stringify(toProblem(error)),
        inspect(wrongSecret, { depth: 10 }),
        ...logs
      ]
      expect(logs.length).toBeGreaterThan(0)
      expect(logs.some((line) => line.includes("faultline.upstream_request_id"))).toBe(true)
      for (const output of outputs) {
        expect(output).not.toContain(secretKey)
        expect(output).not.toContain(accessKey)
        expect(output).not.toContain("There are invalid parameters")
        expect(output).not.toMatch(/IIJAPI /)
      }
    }).pipe(
      withDoApi(),
      Effect.provide(Logger.layer([capture])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
  })

  it.effect("put the RequestId on the span and keep credentials off every span", () => {
    const spans: Array<Tracer.NativeSpan> = []
    const tracer = Tracer.make({
      span(options) {
        const span = new Tracer.NativeSpan(options)
        spans.push(span)
        return span
      }
    })
    return Effect.gen(function* () {
      sim.inject(faults.error("UnrelateError"), { path: "commit.json" })
      const api = yield* DoApi
      const ok = yield* api.listZones()
      const failed = yield* Effect.flip(api.commit())
      const byName = (name: string) => spans.find((span) => span.name === name)
      assert.strictEqual(
        byName("DoApi.listZones")?.attributes.get("faultline.upstream_request_id"),
        ok.requestId
      )
      assert.strictEqual(
        byName("DoApi.commit")?.attributes.get("faultline.upstream_request_id"),
        failed.reason.requestId
      )
      assert.isDefined(failed.reason.requestId)
      const everything = JSON.stringify(
        spans.map((span) => [span.name, [...span.attributes.entries()].map(([k, v]) => [k, String(v)])])
      )
      expect(everything).not.toContain(secretKey)
      expect(everything).not.toContain(accessKey)
    }).pipe(withDoApi(), Effect.provideService(Tracer.Tracer, tracer))
  })
})

describe("retry decisions", () => {
  it.effect("SystemError is retried for an idempotent GET", () =>
    Effect.gen(function* () {
      sim.inject(faults.error("SystemError"))
      const result = yield* clocked((yield* DoApi).listZones())
      assert.strictEqual(result.zones.length, zoneList.length)
      assert.strictEqual(sim.requests.length, 2)
      assert.isTrue(allSigned())
    }).pipe(withDoApi(config({ retry: { jitter: false } })))
  )

  it.effect("every RequestRunning retry is signed afresh with a later Expire", () =>
    Effect.gen(function* () {
      sim.inject(running, { times: 2 })
      yield* clocked((yield* DoApi).listRecords("example.jp"))
      const signed = expires()
      assert.strictEqual(signed.length, 3)
      // Backoff of 2 s then 4 s on the TestClock: each attempt signs with the clock of its own time.
      assert.isTrue(signed[0]! < signed[1]! && signed[1]! < signed[2]!, signed.join(" "))
      assert.strictEqual(signed[0], "1970-01-01T00:05:00Z")
      assert.isTrue(allSigned())
    }).pipe(withDoApi(config({ retry: { jitter: false, baseDelay: "2 seconds" } })))
  )

  it.effect("a 503 HTML page (Unrecognized, idempotent-only) is retried for a GET, not for a POST", () =>
    Effect.gen(function* () {
      const busyPage = faults.status(503, "<html>busy</html>", { "content-type": "text/html" })
      const api = yield* DoApi
      sim.inject(busyPage)
      const listed = yield* clocked(api.listRecords("example.jp"))
      assert.deepStrictEqual(listed.records, [])
      assert.strictEqual(sim.requests.length, 2)

      sim.inject(busyPage)
      const error = yield* Effect.flip(clocked(api.addRecord("example.jp", newRecord)))
      assert.strictEqual(error.reason._tag, "Unrecognized")
      assert.strictEqual(error.reason.code, "http_503")
      assert.strictEqual(error.reason.retry, "idempotent-only")
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(sim.requests.length, 3)
      assert.deepStrictEqual(sim.records("example.jp"), [])
    }).pipe(withDoApi(config({ retry: { jitter: false }, reconcile: false })))
  )

  it.effect("an unknown ErrorType at 200 (retry never) is not retried, even for a GET", () =>
    Effect.gen(function* () {
      sim.inject(unknownError("SomethingNew"))
      const error = yield* Effect.flip(clocked((yield* DoApi).listZones()))
      assert.strictEqual(error.reason._tag, "Unrecognized")
      assert.match(error.reason.code, /^unrecognized#[0-9a-f]{8}$/)
      assert.strictEqual(sim.requests.length, 1)
    }).pipe(withDoApi(config({ retry: { jitter: false } })))
  )

  it.effect("a 2xx body of the wrong shape is not sent again (default retry options)", () =>
    Effect.gen(function* () {
      sim.inject(faults.json(200, { RequestId: sampleRequestId, ZoneList: "nope" }), { times: 100 })
      const error = yield* Effect.flip(clocked((yield* DoApi).listZones()))
      assert.strictEqual(error.reason._tag, "UnreadableResponse")
      assert.strictEqual(error.reason.retry, "never")
      assert.isDefined(error.reason.requestId)
      assert.strictEqual(error.attempts, 1)
      assert.strictEqual(sim.requests.length, 1)
    }).pipe(withDoApi())
  )

  it.effect("a black-holed GET ends within maxElapsed plus one attempt's timeout", () =>
    Effect.gen(function* () {
      sim.inject(faults.hang(), { times: 100 })
      const start = yield* Clock.currentTimeMillis
      const error = yield* Effect.flip(clocked((yield* DoApi).listZones()))
      const elapsed = (yield* Clock.currentTimeMillis) - start
      assert.strictEqual(error.reason._tag, "UpstreamTimeout")
      // Attempts start at 0 s, 5.2 s and 10.6 s; a fourth would start at 16.4 s, past the budget.
      assert.strictEqual(error.attempts, 3)
      assert.strictEqual(sim.requests.length, 3)
      assert.isAbove(elapsed, 12_000)
      assert.isAtMost(elapsed, 12_000 + 5_000)
    }).pipe(withDoApi(config({ timeout: "5 seconds", retry: { jitter: false, maxElapsed: "12 seconds" } })))
  )
})

describe("deleteRecord after a failure that may have deleted the record", () => {
  // No such record in the simulator's zone: its answer to the retry is a real ResourceNotExist.

  it.effect("ResourceNotExist answering the retry after a Timeout counts as deleted", () =>
    Effect.gen(function* () {
      sim.inject(faults.error("Timeout"), { method: "DELETE" })
      const result = yield* clocked((yield* DoApi).deleteRecord("example.jp", "963"))
      // The RequestId of the answer that settled it (the second one).
      const [first, second] = sim.requests
      assert.strictEqual(first?.method, "DELETE")
      assert.strictEqual(second?.path, "/r/20140601/do0000001/example.jp/record/963.json")
      assert.match(result.requestId ?? "", requestIdForm)
      assert.strictEqual(sim.requests.length, 2)
      assert.isTrue(allSigned())
    }).pipe(withDoApi(config({ retry: { jitter: false } })))
  )

  it.effect("so it does after a SystemError, a transport fault or no answer in time", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      sim.inject(faults.error("SystemError"))
      yield* clocked(api.deleteRecord("example.jp", "1"))
      sim.inject(faults.hang())
      yield* clocked(api.deleteRecord("example.jp", "2"))
      assert.strictEqual(sim.requests.length, 4)
    }).pipe(withDoApi(config({ timeout: "5 seconds", retry: { jitter: false }, reconcile: false })))
  )

  it.effect("a transport fault before the ResourceNotExist counts too", () => {
    // A client whose first request fails on the wire (nothing listens there), then reaches the server.
    let calls = 0
    const flaky = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(HttpClient.HttpClient, (client) =>
        client.pipe(
          HttpClient.mapRequest((request) =>
            calls++ === 0 ? HttpClientRequest.setUrl(request, "http://127.0.0.1:1/") : request
          )
        )
      )
    ).pipe(Layer.provide(FetchHttpClient.layer))
    return Effect.gen(function* () {
      const result = yield* clocked((yield* DoApi).deleteRecord("example.jp", "3"))
      assert.isDefined(result.requestId)
      assert.strictEqual(calls, 2)
      assert.strictEqual(sim.requests.length, 1)
    }).pipe(withDoApi(config({ retry: { jitter: false } }), flaky))
  })

  it.effect("on the first attempt, or after RequestRunning (not processed), it stays a failure", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const first = yield* Effect.flip(clocked(api.deleteRecord("example.jp", "4")))
      assert.strictEqual(first.reason._tag, "ResourceNotExist")
      assert.strictEqual(first.attempts, 1)
      sim.inject(running)
      const afterRunning = yield* Effect.flip(clocked(api.deleteRecord("example.jp", "5")))
      assert.strictEqual(afterRunning.reason._tag, "ResourceNotExist")
      assert.strictEqual(afterRunning.attempts, 2)
      assert.strictEqual(toProblem(afterRunning).status, 404)
      assert.strictEqual(sim.requests.length, 3)
    }).pipe(withDoApi(config({ retry: { jitter: false } })))
  )
})

describe("bad input fails typed, never as a defect", () => {
  const custom = (body: unknown) =>
    Effect.gen(function* () {
      return yield* (yield* DoApi).request({
        method: "POST",
        segments: ["example.jp", "record"],
        body,
        idempotent: false,
        schema: Schema.Struct({ RequestId: Schema.optional(Schema.String), Record: Schema.Unknown }),
        operation: "custom"
      })
    })

  it.effect("a body JSON cannot encode is InvalidRequest EncodeError, nothing sent", () =>
    Effect.gen(function* () {
      const cyclic: Record<string, unknown> = {}
      cyclic.self = cyclic
      for (const body of [{ TTL: 10n }, cyclic, () => 1]) {
        const error = yield* Effect.flip(custom(body))
        assert.strictEqual(error._tag, "UpstreamError")
        assert.strictEqual(error.reason._tag, "InvalidRequest")
        assert.strictEqual(error.reason.code, "EncodeError")
        assert.strictEqual(error.reason.vendor, "do-api")
        assert.strictEqual(toProblem(error).status, 502)
      }
      assert.strictEqual(sim.requests.length, 0)
    }).pipe(withDoApi())
  )
  it.effect("bad options fail the layer's construction with a typed error naming the option", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<[Partial<DoApiOptions>, string]> = [
        [{ timeout: "30 secs" as never }, "timeout"],
        [{ timeout: 0 }, "timeout"],
        [{ timeout: -5 }, "timeout"],
        [{ expiresIn: "5 mins" as never }, "expiresIn"],
        [{ expiresIn: Duration.infinity }, "expiresIn"],
        [{ retry: { maxElapsed: "soon" as never } }, "retry.maxElapsed"],
        [{ retry: { factor: Number.NaN } }, "retry.factor"],
        [{ retry: { maxAttempts: -1 } }, "retry.maxAttempts"],
        [{ baseUrl: "do.api.iij.jp" }, "baseUrl"],
        [{ baseUrl: "https://user:pw@do.api.iij.jp/" }, "baseUrl"],
        [{ serviceCode: "../do1" }, "serviceCode"],
        [{ accessKey: "plain" as never }, "accessKey"],
        [{ secretKey: Redacted.make("") }, "secretKey"],
        [{ rateLimit: [{ limit: 0, window: "1 second" }] }, "rateLimit[0]"],
        [{ maxResponseBytes: 0 }, "maxResponseBytes"],
        [{ expiresin: "1 minute" } as never, "expiresin"]
      ]
      for (const [overrides, option] of cases) {
        const exit = yield* Effect.exit(
          Layer.build(DoApi.layer(config(overrides)).pipe(Layer.provide(FetchHttpClient.layer))).pipe(
            Effect.scoped
          )
        )
        assert.isTrue(
          Exit.isFailure(exit) && Cause.hasFails(exit.cause) && !Cause.hasDies(exit.cause),
          option
        )
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
        assert.instanceOf(error, InvalidOptionError, option)
        assert.strictEqual((error as InvalidOptionError).option, option)
        assert.strictEqual((error as InvalidOptionError).module, "@faultline/do-api")
        assert.notInclude(inspect(error, { depth: 10 }), secretKey)
      }
      assert.strictEqual(sim.requests.length, 0)
    })
  )

  it.effect("non-ASCII zones go out as A-labels; a name that is no domain fails typed", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const added = yield* api.addRecord("例え.jp", newRecord)
      const listed = yield* api.listRecords("例え.jp")
      assert.deepStrictEqual(
        listed.records.map((r) => r.id),
        [added.record.id]
      )
      yield* api.deleteRecord("例え.jp", added.record.id)
      assert.deepStrictEqual(sent(), [
        "POST /r/20140601/do0000001/xn--r8jz45g.jp/record.json",
        "GET /r/20140601/do0000001/xn--r8jz45g.jp/records/DETAIL.json",
        `DELETE /r/20140601/do0000001/xn--r8jz45g.jp/record/${added.record.id}.json`
      ])
      const invalid = yield* Effect.flip(api.addRecord("a b例", newRecord))
      assert.strictEqual(invalid.reason._tag, "InvalidRequest")
      assert.strictEqual(invalid.reason.code, "InvalidZoneName")
      assert.strictEqual(sim.requests.length, 3)
      assert.isTrue(allSigned())
    }).pipe(withDoApi())
  )

  it.effect("reserved characters and A-labels are sent exactly as signed", () =>
    Effect.gen(function* () {
      const api = yield* DoApi
      const zones = ["xn--r8jz45g.jp", "a b~(x)'*!", "Zone.Example.JP."]
      // Each answered: the simulator verified the signature over the path exactly as it arrived.
      for (const zone of zones) yield* api.listRecords(zone)
      assert.deepStrictEqual(
        sim.requests.map((r) => r.path),
        zones.map((zone) => apiPath("do0000001", [zone, "records", "DETAIL"]))
      )
      assert.isTrue(allSigned())
    }).pipe(withDoApi())
  )
})

describe("transport faults and secrets", () => {
  it.effect("a refused connection keeps key and signature out of the error, its cause and inspect", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.promise(closedUrl)
      const exit = yield* Effect.exit(
        listZones.pipe(withDoApi(config({ baseUrl: closed, retry: { maxAttempts: 1 } })))
      )
      assert.isTrue(Exit.isFailure(exit))
      if (!Exit.isFailure(exit)) return
      const error = Cause.squash(exit.cause) as Error & { cause?: unknown }
      const texts = [
        inspect(exit, { depth: 20, showHidden: true }),
        inspect(error.cause, { depth: 20, showHidden: true }),
        Cause.pretty(exit.cause),
        JSON.stringify(error)
      ]
      for (const text of texts) {
        expect(text).not.toContain(accessKey)
        expect(text).not.toContain(secretKey)
        expect(text).not.toContain("IIJAPI")
      }
    })
  )
})

describe("the exchange policy", () => {
  it.effect("a 302, 307 or 308 answer to commit is a typed failure: one request, never followed", () =>
    Effect.gen(function* () {
      // Another DO-API that would take the commit (same credentials and service code).
      const elsewhere = yield* Effect.promise(() =>
        startDoApiSimulator({
          credentials: [{ accessKey, secretKey }],
          serviceCode: "do0000001",
          now: () => 0
        })
      )
      for (const status of [302, 307, 308] as const) {
        const before = sim.requests.length
        sim.inject(faults.redirect(`${elsewhere.url}/r/20140601/do0000001/commit.json`, status))
        const error = yield* Effect.flip((yield* DoApi).commit())
        assert.strictEqual(error._tag, "UpstreamError")
        assert.strictEqual(error.reason._tag, "UnexpectedRedirect")
        assert.strictEqual(error.reason.vendor, "do-api")
        assert.strictEqual(error.reason.upstreamStatus, status)
        assert.strictEqual(sim.requests.length - before, 1)
      }
      assert.strictEqual(elsewhere.requests.length, 0)
      yield* Effect.promise(() => elsewhere.close())
    }).pipe(withDoApi())
  )

  it.effect("retryUpstream around a client call sends no more than the larger attempt limit", () =>
    Effect.gen(function* () {
      sim.inject(running, { times: 100 })
      const error = yield* Effect.flip(
        clocked((yield* DoApi).listZones().pipe(retryUpstream({ idempotent: true })))
      )
      assert.strictEqual(error._tag, "DoApiError")
      assert.strictEqual(error.reason._tag, "RequestRunning")
      // The client's default policy (4 attempts) inside the app's default policy (4 attempts).
      assert.strictEqual(sim.requests.length, 4)
      assert.strictEqual(error.attempts, 4)
      assert.isTrue(allSigned())
    }).pipe(withDoApi())
  )
})
