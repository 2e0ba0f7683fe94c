import { CertCentral } from "@faultline/certcentral"
import { findUpstreamFailure, toProblem } from "@faultline/core"
import { DoApi } from "@faultline/do-api"
import { Dpf } from "@faultline/dpf"
import {
  type CertCentralSimulatorHandle,
  type DoApiSimulatorHandle,
  type DpfSimulatorHandle,
  type Fault,
  faults,
  startCertCentralSimulator,
  startDoApiSimulator,
  startDpfSimulator
} from "@faultline/testing"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeCsr } from "./csr.js"
import { report } from "./mode.js"

// The fault matrix of the three clients: for each fault, applied to every attempt of a read, the category
// the caller's failure has, the downstream status and how many requests reached the upstream; then
// the exactly-once checks of a certificate order, a record add and a commit (DO-API), a record add
// and an apply (DPF-API) under each fault applied once. Faults that need time use a short client timeout (300 ms); no time is asserted.

const timeout = "300 millis"
const maxAttempts = 3
const retry = { jitter: false, baseDelay: "1 millis", maxAttempts, maxElapsed: "2 seconds" } as const
const maxResponseBytes = 64 * 1024

let certCentral: CertCentralSimulatorHandle
let doApi: DoApiSimulatorHandle
let dpf: DpfSimulatorHandle
type Clients = CertCentral | DoApi | Dpf
let runtime: ManagedRuntime.ManagedRuntime<Clients, never>
// The same clients, waiting `settle` before looking for a write whose answer was lost: longer than
// the slow answer takes, so the lookup sees what the upstream did (see the report on slow answers).
let patient: ManagedRuntime.ManagedRuntime<Clients, never>

const clients = (settle: Duration.Input) =>
  ManagedRuntime.make(
    Layer.mergeAll(
      CertCentral.layer({
        apiKey: Redacted.make(certCentral.apiKey),
        baseUrl: certCentral.url,
        rateLimit: false,
        timeout,
        retry,
        maxResponseBytes,
        reconcile: { settle }
      }),
      DoApi.layer({
        accessKey: Redacted.make(doApi.accessKey),
        secretKey: Redacted.make(doApi.secretKey),
        serviceCode: doApi.serviceCode,
        baseUrl: doApi.url,
        rateLimit: false,
        timeout,
        retry,
        maxResponseBytes,
        reconcile: { settle }
      }),
      Dpf.layer({
        ...dpf.clientOptions,
        rateLimit: false,
        timeout,
        retry,
        maxResponseBytes,
        reconcile: { settle },
        jobInterval: "1 millis",
        jobPolls: 20
      })
    ).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
  )

beforeAll(async () => {
  certCentral = await startCertCentralSimulator({ rateLimits: [] })
  doApi = await startDoApiSimulator({ commitMillis: 0 })
  dpf = await startDpfSimulator()
  runtime = clients("0 millis")
  patient = clients("1500 millis")
})

afterAll(async () => {
  await runtime?.dispose()
  await patient?.dispose()
  await certCentral?.close()
  await doApi?.close()
  await dpf?.close()
})

const inTwoMinutes = () => new Date(Date.now() + 120_000).toUTCString()

interface Row {
  readonly fault: string
  readonly make: () => Fault
  /** category, downstream status and requests for CertCentral, DO-API and DPF-API */
  readonly certCentral: readonly [category: string, status: number, requests: number]
  readonly doApi: readonly [category: string, status: number, requests: number]
  readonly dpf: readonly [category: string, status: number, requests: number]
  /** The downstream Retry-After, when there must be one (a range, as a date is read at a second's grain). */
  readonly retryAfter?: readonly [min: number, max: number]
  /**
   * Applied once to a write: whether the fault lets the upstream process the request before the
   * answer is lost (`processed`: never sent again), hides it (`lost`: sent again once the lookup
   * proves it absent) or refuses it outright (`refused`: the caller's failure, nothing changed).
   */
  readonly write: "processed" | "lost" | "refused"
}

const all = maxAttempts
const matrix: ReadonlyArray<Row> = [
  {
    fault: "reset before the request",
    write: "lost",
    make: faults.resetBefore,
    certCentral: ["upstream-error", 502, all],
    doApi: ["upstream-error", 502, all],
    dpf: ["upstream-error", 502, all]
  },
  {
    fault: "reset mid-body",
    write: "processed",
    make: faults.resetDuringBody,
    certCentral: ["upstream-error", 502, all],
    doApi: ["upstream-error", 502, all],
    dpf: ["upstream-error", 502, all]
  },
  {
    fault: "no answer",
    write: "lost",
    make: faults.hang,
    certCentral: ["timeout", 504, all],
    doApi: ["timeout", 504, all],
    dpf: ["timeout", 504, all]
  },
  {
    fault: "slow answer",
    write: "processed",
    make: () => faults.delay(1_000),
    certCentral: ["timeout", 504, all],
    doApi: ["timeout", 504, all],
    dpf: ["timeout", 504, all]
  },
  {
    fault: "HTML 502",
    write: "lost",
    make: faults.htmlBadGateway,
    certCentral: ["upstream-error", 502, all],
    doApi: ["upstream-error", 502, all],
    dpf: ["upstream-error", 502, all]
  },
  {
    fault: "truncated JSON",
    write: "processed",
    make: () => faults.truncate(),
    certCentral: ["upstream-error", 502, all],
    doApi: ["upstream-error", 502, all],
    dpf: ["upstream-error", 502, all]
  },
  {
    fault: "429, Retry-After in seconds",
    write: "refused",
    make: () => faults.status(429, "", { "retry-after": "30" }),
    certCentral: ["throttled", 503, 1],
    doApi: ["throttled", 503, 1],
    dpf: ["throttled", 503, 1],
    retryAfter: [30, 30]
  },
  {
    fault: "429, Retry-After as a date",
    write: "refused",
    make: () => faults.status(429, "", { "retry-after": inTwoMinutes() }),
    certCentral: ["throttled", 503, 1],
    doApi: ["throttled", 503, 1],
    dpf: ["throttled", 503, 1],
    retryAfter: [100, 121]
  },
  {
    fault: "huge Content-Length",
    write: "lost",
    make: () => faults.largeBody(4 * 1024 * 1024, { status: 200, contentLength: true }),
    certCentral: ["upstream-error", 502, 1],
    doApi: ["upstream-error", 502, 1],
    dpf: ["upstream-error", 502, 1]
  },
  {
    fault: "huge body (chunked)",
    write: "lost",
    make: () => faults.largeBody(4 * 1024 * 1024, { status: 200, contentLength: false }),
    certCentral: ["upstream-error", 502, 1],
    doApi: ["upstream-error", 502, 1],
    dpf: ["upstream-error", 502, 1]
  },
  {
    fault: "redirect 302",
    write: "refused",
    make: () => faults.redirect("https://elsewhere.example/", 302),
    certCentral: ["misconfigured", 502, 1],
    doApi: ["misconfigured", 502, 1],
    dpf: ["misconfigured", 502, 1]
  },
  {
    fault: "redirect 307",
    write: "refused",
    make: () => faults.redirect("/r/elsewhere", 307),
    certCentral: ["misconfigured", 502, 1],
    doApi: ["misconfigured", 502, 1],
    dpf: ["misconfigured", 502, 1]
  },
  {
    fault: "redirect 301",
    write: "refused",
    make: () => faults.redirect("https://elsewhere.example/", 301),
    certCentral: ["misconfigured", 502, 1],
    doApi: ["misconfigured", 502, 1],
    dpf: ["misconfigured", 502, 1]
  }
]

const observe = async (
  simulator: CertCentralSimulatorHandle | DoApiSimulatorHandle | DpfSimulatorHandle,
  call: Effect.Effect<unknown, unknown, Clients>,
  fault: Fault
) => {
  simulator.clearFaults()
  simulator.inject(fault, { times: 100 })
  const before = simulator.requests.length
  const error = await runtime.runPromise(Effect.flip(call))
  const requests = simulator.requests.length - before
  simulator.clearFaults()
  const failure = findUpstreamFailure(error)
  const problem = toProblem(error)
  return {
    category: failure?.reason.category,
    status: problem.status,
    requests,
    retryAfter: problem.headers["retry-after"]
  }
}

let orderId = 0
const reads = {
  certCentral: Effect.flatMap(Effect.service(CertCentral), (c) => c.getOrder(orderId)),
  doApi: Effect.flatMap(Effect.service(DoApi), (c) => c.listZones()),
  dpf: Effect.flatMap(Effect.service(Dpf), (c) => c.listZones())
}
const simulatorOf = (vendor: keyof typeof reads) =>
  vendor === "certCentral" ? certCentral : vendor === "doApi" ? doApi : dpf

describe("the fault matrix", () => {
  beforeAll(async () => {
    const csr = await makeCsr("matrix.example.jp")
    const placed = await runtime.runPromise(
      Effect.flatMap(Effect.service(CertCentral), (c) =>
        c.submitOrder("ssl_dv_geotrust", {
          certificate: { common_name: "matrix.example.jp", csr },
          dcv_method: "dns-txt-token"
        })
      )
    )
    orderId = placed.id
  })

  const observed: Array<Record<string, unknown>> = []
  afterAll(() => report("fault matrix", { rows: observed }))

  for (const row of matrix) {
    for (const vendor of ["certCentral", "doApi", "dpf"] as const) {
      it(`${vendor}: ${row.fault}`, async () => {
        const seen = await observe(simulatorOf(vendor), reads[vendor], row.make())
        observed.push({ vendor, fault: row.fault, ...seen })
        const [category, status, requests] = row[vendor]
        expect({ category: seen.category, status: seen.status, requests: seen.requests }).toEqual({
          category,
          status,
          requests
        })
        if (row.retryAfter) {
          const seconds = Number(seen.retryAfter)
          expect(seconds).toBeGreaterThanOrEqual(row.retryAfter[0])
          expect(seconds).toBeLessThanOrEqual(row.retryAfter[1])
        } else expect(seen.retryAfter).toBeUndefined()
      })
    }
  }
})

// Every fault, applied once to the write itself: the change happens at most once, and exactly once
// whenever the call succeeds.
const once = matrix

describe("exactly once under every fault", () => {
  const outcomes: Array<Record<string, unknown>> = []
  afterAll(() => report("exactly once", { rows: outcomes }))

  once.forEach(({ fault: name, make: fault, write }, i) => {
    // A slow answer is processed after the client gave up: only a lookup after it can see it.
    const rt = () => (name === "slow answer" ? patient : runtime)
    it(`a certificate order: ${name}`, async () => {
      const commonName = `once-${i}.example.jp`
      const csr = await makeCsr(commonName)
      certCentral.inject(fault(), { method: "POST", path: "order/certificate/ssl_dv_geotrust" })
      const result = await rt().runPromise(
        Effect.result(
          Effect.flatMap(Effect.service(CertCentral), (c) =>
            c.submitOrder("ssl_dv_geotrust", {
              certificate: { common_name: commonName, csr },
              dcv_method: "dns-txt-token"
            })
          )
        )
      )
      certCentral.clearFaults()
      const placed = certCentral.orders().filter((o) => o.commonName === commonName)
      outcomes.push({ change: "order", fault: name, outcome: result._tag, placed: placed.length })
      expect(result._tag).toBe(write === "refused" ? "Failure" : "Success")
      expect(placed).toHaveLength(write === "refused" ? 0 : 1)
      if (result._tag === "Success") expect(result.success.id).toBe(placed[0]?.id)
    })

    it(`a record add: ${name}`, async () => {
      const owner = `once-${i}`
      doApi.inject(fault(), { method: "POST", path: "record.json" })
      const result = await rt().runPromise(
        Effect.result(
          Effect.flatMap(Effect.service(DoApi), (c) =>
            c.addRecord("example.jp", { owner, ttl: 300, recordType: "TXT", rdata: `"${owner}"` })
          )
        )
      )
      doApi.clearFaults()
      const added = doApi.records("example.jp").filter((r) => r.Owner === owner)
      outcomes.push({ change: "record", fault: name, outcome: result._tag, added: added.length })
      expect(result._tag).toBe(write === "refused" ? "Failure" : "Success")
      expect(added).toHaveLength(write === "refused" ? 0 : 1)
    })

    it(`a commit: ${name}`, async () => {
      const owner = `commit-${i}`
      await rt().runPromise(
        Effect.flatMap(Effect.service(DoApi), (c) =>
          c.addRecord("example.jp", { owner, ttl: 300, recordType: "TXT", rdata: `"${owner}"` })
        )
      )
      const commits = () =>
        doApi.requests.filter((r) => r.method === "PUT" && r.path.endsWith("commit.json")).length
      const before = commits()
      doApi.inject(fault(), { method: "PUT", path: "commit.json" })
      const result = await rt().runPromise(
        Effect.result(Effect.flatMap(Effect.service(DoApi), (c) => c.commit({ zone: "example.jp" })))
      )
      doApi.clearFaults()
      const sent = commits() - before
      const live = doApi.resolveTxt(`${owner}.example.jp`)
      outcomes.push({
        change: "commit",
        fault: name,
        outcome: result._tag,
        commitsSent: sent,
        live: live.length
      })
      // A commit is sent again only where the first provably did nothing (the zone still pending).
      expect(result._tag).toBe(write === "refused" ? "Failure" : "Success")
      expect(sent).toBe(write === "lost" ? 2 : 1)
      expect(live).toEqual(write === "refused" ? [] : [owner])
    })

    it(`a DPF-API record add: ${name}`, async () => {
      const zoneId = dpf.zoneId("example.jp") ?? ""
      const fqdn = `dpf-once-${i}.example.jp`
      dpf.inject(fault(), { method: "POST", path: /\/records$/ })
      const result = await rt().runPromise(
        Effect.result(
          Effect.flatMap(Effect.service(Dpf), (c) =>
            c.addRecord(zoneId, { name: `${fqdn}.`, rrtype: "TXT", rdata: [`v${i}`], ttl: 300 })
          )
        )
      )
      dpf.clearFaults()
      const added = dpf.records("example.jp").filter((r) => r.name === `${fqdn}.`)
      outcomes.push({ change: "dpf record", fault: name, outcome: result._tag, added: added.length })
      expect(result._tag).toBe(write === "refused" ? "Failure" : "Success")
      expect(added).toHaveLength(write === "refused" ? 0 : 1)
    })

    it(`a DPF-API apply: ${name}`, async () => {
      const zoneId = dpf.zoneId("example.jp") ?? ""
      const fqdn = `dpf-apply-${i}.example.jp`
      await rt().runPromise(
        Effect.flatMap(Effect.service(Dpf), (c) =>
          c.addRecord(zoneId, { name: `${fqdn}.`, rrtype: "TXT", rdata: [`v${i}`], ttl: 300 })
        )
      )
      const applies = () =>
        dpf.requests.filter((r) => r.method === "PATCH" && r.path.endsWith("/changes")).length
      const before = applies()
      dpf.inject(fault(), { method: "PATCH", path: /\/changes$/ })
      const result = await rt().runPromise(
        Effect.result(Effect.flatMap(Effect.service(Dpf), (c) => c.applyChanges(zoneId)))
      )
      dpf.clearFaults()
      const sent = applies() - before
      const live = dpf.resolveTxt(fqdn)
      outcomes.push({
        change: "dpf apply",
        fault: name,
        outcome: result._tag,
        appliesSent: sent,
        live: live.length
      })
      // An apply is never sent again: a pending change after a lost apply may be its job still
      // running (DPF-API applies asynchronously), so the client cannot prove the apply did nothing
      // and answers the typed unknown outcome (retry later) instead.
      const reason =
        result._tag === "Failure" ? (findUpstreamFailure(result.failure)?.reason._tag ?? "none") : undefined
      expect({ outcome: result._tag, reason, sent, live }).toEqual(
        write === "processed"
          ? { outcome: "Success", reason: undefined, sent: 1, live: [`v${i}`] }
          : {
              outcome: "Failure",
              reason: write === "lost" ? "ChangeOutcomeUnknown" : expect.any(String),
              sent: 1,
              live: []
            }
      )
    })
  })
})
