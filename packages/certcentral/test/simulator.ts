import {
  CertCentralSimulator,
  type CertCentralSimulatorHandle,
  type CertCentralSimulatorOptions
} from "@faultline/testing"
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import { CertCentral } from "../src/CertCentral.js"
import type { CertCentralOptions } from "../src/CertCentralConfig.js"

// The client's tests run against @faultline/testing's CertCentral simulator: a real HTTP server on
// 127.0.0.1 that answers like DigiCert (key check, orders, DCV) and fails on demand (`inject`).

/**
 * A real CSR (openssl, RSA 2048, CN=example.com): the simulator refuses an order whose CSR is not a
 * parseable certificate request, as DigiCert does.
 */
export const csr = `-----BEGIN CERTIFICATE REQUEST-----
MIICWzCCAUMCAQAwFjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wggEiMA0GCSqGSIb3
DQEBAQUAA4IBDwAwggEKAoIBAQCgTlkTqrgEyOW4pe9Qo37Ex9WCYHzKFyxqlMkM
LfVOhLk+vb2Qls9uPmTLERv7eLPC6rpN+NzzMljW9yiyZ4GbdkVyodk7HrDpQCNq
RO6sWLKCz5vP5lfXolYWTBJiWA4zm6wtAhP72WUNEe2SvrfRpqN5ZcsxbUClBYP0
93eFV9ffQiBbryhMslrorPFR4t/PppNJsDhhcTfygfxIyXurhM3ITT4gfxnx6/R6
7rhmKgohfDfCxiD/3WAYhYovjgYp88SS6zqScRLyA1MCivR+AzXyANGoUUxrt/+Y
oKfeIgY9w3WrxUTZ0RqIITietkqBr3qEGLzxZaaNjj38btIHAgMBAAGgADANBgkq
hkiG9w0BAQsFAAOCAQEABaoeWdPr3YnEfm4h6OQZi/ju25DK1cgZvlz92pDpImi2
p70lvP+A2vnL8onFvmfzs++phk9z0EblEr4glyhmkGOwwaLTmjhfP5Kz0FN0UUKd
ZO5YKp5lGhwSP5weW+tDOOIYVCbrj3sU0RB7mGYgYhWSiavTDy5nnqh+LRYYoh8n
mE3OIfgxg3VKQ5l53996cX3I/Yc+8zPGH4pFuNDj4jZAmRHUkzSXgiFKqmBFh7Cs
8ncBGoDb0SSFejzVnDem3TkCwvdqVtDST6QyXcNLB5YFS0CNMbBK8+PJXeOqMwBq
tFOw+Exi8oxOoezI2/HXy+U8ao2bggFc3+2lbYGsZg==
-----END CERTIFICATE REQUEST-----
`

/** An order the simulator accepts. */
export const anOrder = { certificate: { common_name: "example.com", csr } }

/**
 * A simulator for the scope, accepting `apiKey` only. Its own rate limiting is off unless asked for
 * (the client's limiter is under test; the simulator's windows run on real time), and its dates come
 * from a fixed clock, so nothing depends on when the test runs.
 */
export const simulator = (
  apiKey: string,
  options: CertCentralSimulatorOptions = {}
): Effect.Effect<CertCentralSimulatorHandle, never, Scope.Scope> =>
  CertCentralSimulator.scoped({
    apiKeys: [apiKey],
    rateLimits: [],
    now: () => Date.parse("2026-05-01T00:00:00Z"),
    ...options
  }).pipe(Effect.orDie)

/** The base URL of a simulator that was started and closed again: connections are refused there. */
export const closedUrl = (apiKey: string): Effect.Effect<string> =>
  Effect.scoped(simulator(apiKey).pipe(Effect.map((sim) => sim.url)))

/** Places an order straight over HTTP (not through the client under test); resolves to its id. */
export const placeOrder = (sim: CertCentralSimulatorHandle, apiKey: string): Effect.Effect<number> =>
  Effect.promise(async () => {
    const response = await fetch(`${sim.url}order/certificate/ssl_dv_geotrust`, {
      method: "POST",
      headers: { "x-dc-devkey": apiKey, "content-type": "application/json" },
      body: JSON.stringify(anOrder)
    })
    if (response.status !== 201) throw new Error(`placeOrder: ${response.status} ${await response.text()}`)
    return ((await response.json()) as { id: number }).id
  })

/** Requests the client has sent and not yet got an answer for (see {@link trackedHttpClient}). */
export interface InFlight {
  count: number
}

/**
 * `FetchHttpClient` counting the requests in flight, so a test moves the TestClock only while the
 * client waits on it (a backoff or rate-limit sleep), never under a request in flight.
 */
export const trackedHttpClient = (inFlight: InFlight): Layer.Layer<HttpClient.HttpClient> =>
  Layer.effect(
    HttpClient.HttpClient,
    Effect.gen(function* () {
      const client = yield* HttpClient.HttpClient
      return HttpClient.transform(client, (response) =>
        Effect.suspend(() => {
          inFlight.count++
          return response
        }).pipe(
          Effect.ensuring(
            Effect.sync(() => {
              inFlight.count--
            })
          )
        )
      )
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))

// Real loopback I/O needs the event loop; the TestClock only moves when told to.
export const realTick = Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, 1)))

/**
 * Runs `effect` while moving the TestClock in small steps, recording the virtual time (from the start)
 * at which the simulator received each request sent meanwhile. Time only moves while nothing is on the
 * wire, or only what the simulator holds forever (`hang`, `stall`).
 */
export const runAdvancing = <A, E>(
  sim: CertCentralSimulatorHandle,
  inFlight: InFlight,
  effect: Effect.Effect<A, E>,
  step: Duration.Input = "100 millis"
): Effect.Effect<{ readonly exit: Exit.Exit<A, E>; readonly times: ReadonlyArray<number> }> =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const before = sim.requests.length
    const times: Array<number> = []
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 20_000 && fiber.pollUnsafe() === undefined; i++) {
      yield* realTick
      while (times.length < sim.requests.length - before) times.push((yield* Clock.currentTimeMillis) - start)
      if (fiber.pollUnsafe() === undefined && inFlight.count <= sim.hanging) yield* TestClock.adjust(step)
    }
    const exit = yield* Fiber.await(fiber)
    return { exit, times }
  })

/**
 * A client over the simulator in a runtime of its own: rate limit off, retries and reconcile waits of
 * a millisecond, and `options` on top.
 */
export const clientFor = (sim: CertCentralSimulatorHandle, options: Partial<CertCentralOptions> = {}) => {
  const runtime = ManagedRuntime.make(
    CertCentral.layer({
      apiKey: Redacted.make(sim.apiKey),
      baseUrl: sim.url,
      rateLimit: false,
      retry: { jitter: false, baseDelay: "1 millis" },
      ...options,
      reconcile: options.reconcile === false ? false : { settle: "0 millis", ...options.reconcile }
    }).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
  )
  return { client: runtime.runSync(Effect.service(CertCentral)), runtime }
}
