// The scenario table: what `pnpm demo` shows and what the end-to-end tests assert, against the
// Express and the Nest gateway alike, on either DNS vendor (DO-API, DPF-API). Each scenario runs on
// fresh simulators and a fresh gateway, so its upstream calls and orders are its own.
import {
  certCentralErrorBody,
  certCentralFixtures,
  doApiFixtures,
  dpfFixtures,
  dpfProxyFixtures,
  faults
} from "@faultline/testing"
import * as Redacted from "effect/Redacted"
import type { DnsVendor } from "./dns.js"
import { type Framework, startGateway } from "./gateway.js"
import type { GatewaySettings, Upstreams } from "./settings.js"
import { doApiOf, dpfOf, type SimulatorOptions, type Simulators, startSimulators } from "./simulators.js"

/** What one HTTP exchange of a scenario should answer. */
export interface Expected {
  readonly status: number
  /** The problem's `code`; absent for a success. */
  readonly code?: string | undefined
  /** Whether `X-Upstream-Request-Id` (DO-API's RequestId, DPF-API's request_id) is on the answer. */
  readonly upstreamRequestId?: boolean | undefined
  /** Whether the problem carries the id of the order placed before the failure (`orderId`). */
  readonly orderId?: boolean | undefined
  /** Whether a `Location` of the order is on the answer (201 and 202). */
  readonly location?: boolean | undefined
}

export interface Step {
  readonly method: "GET" | "POST"
  readonly path: string
  /** The POST body: the common name and a CSR for it (`csr: "bad"` sends a PEM that is none). */
  readonly certificate?: { readonly commonName: string; readonly csr?: "bad" | undefined } | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly expect: Expected
  /** Faults and clock changes before this step. */
  readonly before?: ((simulators: Simulators) => void) | undefined
}

export interface Scenario {
  readonly name: string
  /** The one DNS vendor this scenario is for (its faults are that vendor's); absent: both. */
  readonly dns?: DnsVendor | undefined
  /** What the upstreams answered, for the table. */
  readonly upstream: string
  /** Settings this scenario changes (e.g. the product ordered). */
  readonly settings?: Partial<GatewaySettings> | undefined
  /** The simulators' options (zones, OV products); their defaults when absent. */
  readonly simulators?: Omit<SimulatorOptions, "dns"> | undefined
  /** Misconfigure the gateway (a wrong key...). */
  readonly upstreams?: ((upstreams: Upstreams) => Upstreams) | undefined
  readonly steps: ReadonlyArray<Step>
  /** Requests each simulator must have received, over the whole scenario (`settings.dns` says which). */
  readonly calls: (settings: GatewaySettings) => Calls
  /** Orders CertCentral must hold at the end. */
  readonly orders: number
  /** Further checks on the answers; each returns what is wrong. */
  readonly check?: ((responses: ReadonlyArray<Answer>) => ReadonlyArray<string>) | undefined
}

/** Requests CertCentral and the DNS vendor received. */
export interface Calls {
  readonly certCentral: number
  readonly dns: number
}

/** One answer as the caller saw it. */
export interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  readonly body: Record<string, unknown> | undefined
}

const name = "shop.example.jp"
const post = (expect: Expected, extra: Partial<Step> = {}): Step => ({
  method: "POST",
  path: "/certificates",
  certificate: { commonName: name },
  expect,
  ...extra
})
const issued: Expected = { status: 201, location: true }
const orderPath = /order\/certificate\/ssl_dv_geotrust$/
const listPath = /order\/certificate$/
const anyOrderPath = /order\/certificate\/[a-z_]+$/
const upstreamAnswer = "Internal failure on dc-node-7; trace 8f2a41 (upstream text, never shown)"

/**
 * The DNS requests of the usual steps: listing the zones, adding the TXT, applying; looking for the
 * TXT before adding it again. On DO-API one request each; on DPF-API an add and an apply are each a
 * request and one read of its job (the simulator's jobs finish at once).
 */
const dnsCalls = (settings: GatewaySettings, { zones = 1, adds = 1, applies = 1, looks = 0 } = {}): number =>
  settings.dns === "dpf" ? zones + 2 * adds + 2 * applies + looks : zones + adds + applies + looks
const calls =
  (certCentral: number, dns: Parameters<typeof dnsCalls>[1] = {}) =>
  (settings: GatewaySettings): Calls => ({ certCentral, dns: dnsCalls(settings, dns) })
const attempts = (settings: GatewaySettings) => settings.retry?.maxAttempts ?? 4
const dpfChanges = /\/changes$/

const sameOrderResumed = (responses: ReadonlyArray<Answer>): ReadonlyArray<string> => {
  const [failed, resumed] = responses
  return failed?.body?.orderId !== undefined && failed.body.orderId === resumed?.body?.id
    ? []
    : [`the retry did not resume order ${String(failed?.body?.orderId)}: got ${String(resumed?.body?.id)}`]
}

// A TXT add whose answer was lost while the zone cannot be read: 503, unknown, with the order's id;
// the same request again reads the zone, finds the TXT the lost add made, and adds nothing.
const txtAddLost = (
  dns: DnsVendor,
  upstream: string,
  dnsCalls: (settings: GatewaySettings) => number,
  inject: (simulators: Simulators) => void
): Scenario => ({
  name: "TXT add answer lost, zone unreadable",
  dns,
  upstream,
  steps: [
    post({ status: 503, code: "upstream_unavailable", orderId: true }, { before: inject }),
    post(issued, { before: (s) => s.dns.clearFaults() })
  ],
  calls: (settings) => ({ certCentral: 2, dns: dnsCalls(settings) }),
  orders: 1,
  check: sameOrderResumed
})

// A DNS maintenance answer after the order was placed: 503 with the order's id and the vendor's
// request id; the same request again resumes that order.
const failedAfterOrder = (
  dns: DnsVendor,
  upstream: string,
  dnsCalls: (settings: GatewaySettings) => number,
  inject: (simulators: Simulators) => void
): Scenario => ({
  name: "failure after the order, retry resumes it",
  dns,
  upstream,
  steps: [
    post(
      { status: 503, code: "upstream_unavailable", upstreamRequestId: true, orderId: true },
      { before: inject }
    ),
    post(issued)
  ],
  calls: (settings) => ({ certCentral: 2, dns: dnsCalls(settings) }),
  orders: 1,
  check: sameOrderResumed
})

export const scenarios: ReadonlyArray<Scenario> = [
  {
    name: "certificate issued",
    upstream: "order placed, TXT committed, DCV valid",
    steps: [post(issued)],
    calls: calls(2),
    orders: 1,
    check: ([answer]) => (answer?.body?.status === "issued" ? [] : ["the body does not say issued"])
  },
  {
    name: "DNS propagation delay recovered",
    upstream: "invalid_dns_txt x2, then DCV valid",
    steps: [post(issued, { before: (s) => s.delayDns(2) })],
    calls: calls(4),
    orders: 1
  },
  {
    name: "DCV still pending at the end of the budget",
    upstream: "invalid_dns_txt on every check",
    steps: [post({ status: 202, location: true }, { before: (s) => s.delayDns(Number.POSITIVE_INFINITY) })],
    calls: (settings) => calls(1 + settings.dcv.checks)(settings),
    orders: 1,
    check: ([answer]) => (answer?.body?.status === "pending" ? [] : ["the body does not say pending"])
  },
  {
    name: "OV order: DCV valid, organization pending",
    upstream: "check-dcv 200 valid, order pending; then issued",
    settings: { product: "ssl_basic" },
    simulators: { organizationValidation: ["ssl_basic"] },
    steps: [
      post({ status: 202, location: true }),
      // DigiCert finishes organization validation; the same request again sees the order issued.
      post(issued, {
        before: (s) => {
          for (const order of s.certCentral.orders()) s.certCentral.issue(order.id)
        }
      })
    ],
    // order, check DCV; then check DCV again (the TXT is published and committed already)
    calls: calls(3),
    orders: 1,
    check: ([pending, issuedAnswer]) => [
      ...(pending?.body?.status === "pending" && pending.body.dcvStatus === "valid"
        ? []
        : ["the 202 does not say pending with domain control valid"]),
      ...(issuedAnswer?.body?.status === "issued" && issuedAnswer.body.id === pending?.body?.id
        ? []
        : ["the same request did not answer the same order, issued"])
    ]
  },
  {
    name: "bad CSR",
    upstream: "400 csr_invalid_cannot_parse",
    steps: [post({ status: 400, code: "invalid_input" }, { certificate: { commonName: name, csr: "bad" } })],
    calls: calls(1, { adds: 0, applies: 0 }),
    orders: 0,
    check: ([answer]) =>
      JSON.stringify(answer?.body?.errors ?? []).includes('"param":"certificate.csr"')
        ? []
        : ["the problem does not name certificate.csr"]
  },
  {
    name: "unknown order",
    upstream: "404 not_found|order",
    steps: [{ method: "GET", path: "/certificates/4242", expect: { status: 404, code: "not_found" } }],
    calls: calls(1, { zones: 0, adds: 0, applies: 0 }),
    orders: 0
  },
  {
    name: "CertCentral rate limit waited out",
    upstream: "429 request_limit_exceeded (Retry-After 1) to the order",
    steps: [
      post(issued, {
        before: (s) =>
          s.certCentral.inject(
            faults.status(
              429,
              certCentralErrorBody("request_limit_exceeded", "Service available, but request limit exceeded"),
              { "content-type": "application/json", "retry-after": "1" }
            ),
            { method: "POST", path: orderPath }
          )
      })
    ],
    calls: calls(3),
    orders: 1
  },
  {
    name: "DO-API RequestRunning recovered",
    dns: "do-api",
    upstream: "RequestRunning to the commit, once",
    steps: [
      post(issued, {
        before: (s) =>
          doApiOf(s).inject(faults.error("RequestRunning"), { method: "PUT", path: "commit.json" })
      })
    ],
    calls: () => ({ certCentral: 2, dns: 4 }),
    orders: 1
  },
  {
    name: "DPF-API SystemBusy recovered",
    dns: "dpf",
    upstream: "503 SystemBusy to the apply, once",
    steps: [
      post(issued, {
        before: (s) => dpfOf(s).inject(faults.error("SystemBusy"), { method: "PATCH", path: dpfChanges })
      })
    ],
    // zones, the add and its job, the apply twice (a 503 was not processed: the client sends it
    // again) and its job.
    calls: () => ({ certCentral: 2, dns: 6 }),
    orders: 1
  },
  {
    name: "DO-API RequestRunning never clears",
    dns: "do-api",
    upstream: "RequestRunning to every commit",
    steps: [
      post(
        { status: 409, code: "conflict", upstreamRequestId: true, orderId: true },
        {
          before: (s) =>
            doApiOf(s).inject(faults.error("RequestRunning"), {
              method: "PUT",
              path: "commit.json",
              times: 100
            })
        }
      )
    ],
    // The client's own retry: 4 commits (core's default maxAttempts).
    calls: (settings) => ({ certCentral: 1, dns: 2 + attempts(settings) }),
    orders: 1
  },
  {
    name: "DPF-API job never finishes",
    dns: "dpf",
    upstream: "the add's job RUNNING on every poll: unknown",
    simulators: { dpfJobRunningPolls: 1000 },
    steps: [post({ status: 503, code: "upstream_unavailable", orderId: true })],
    // zones, the add, its job polled 5 times (the simulators' jobPolls), still RUNNING: unknown,
    // never sent again, nothing applied (the same request again looks for the TXT first).
    calls: () => ({ certCentral: 1, dns: 7 }),
    orders: 1
  },
  {
    name: "wrong CertCentral key",
    upstream: "403 access_denied|access_denied_invalid_key",
    upstreams: (u) => ({ ...u, certCentral: { ...u.certCentral, apiKey: Redacted.make("not-the-key") } }),
    steps: [post({ status: 502, code: "upstream_error" })],
    calls: calls(1, { adds: 0, applies: 0 }),
    orders: 0
  },
  {
    name: "wrong DO-API secret",
    dns: "do-api",
    upstream: "403 SignatureDoesNotMatch",
    upstreams: (u) =>
      u.doApi === undefined ? u : { ...u, doApi: { ...u.doApi, secretKey: Redacted.make("not-the-secret") } },
    steps: [post({ status: 502, code: "upstream_error", upstreamRequestId: true })],
    calls: () => ({ certCentral: 0, dns: 1 }),
    orders: 0
  },
  {
    name: "wrong DPF-API token",
    dns: "dpf",
    upstream: "400 ParameterError invalid/access_token",
    upstreams: (u) =>
      u.dpf === undefined ? u : { ...u, dpf: { ...u.dpf, token: Redacted.make("not-the-token") } },
    steps: [post({ status: 502, code: "upstream_error", upstreamRequestId: true })],
    calls: () => ({ certCentral: 0, dns: 1 }),
    orders: 0
  },
  {
    name: "DO-API maintenance",
    dns: "do-api",
    upstream: "403 StatusError (maintenance)",
    steps: [
      post(
        { status: 503, code: "upstream_unavailable", upstreamRequestId: true },
        { before: (s) => doApiOf(s).inject(faults.error("StatusError"), { path: "zones.json" }) }
      )
    ],
    calls: () => ({ certCentral: 0, dns: 1 }),
    orders: 0
  },
  {
    name: "DPF-API maintenance",
    dns: "dpf",
    upstream: "503 ServiceUnavailable to every zones list",
    steps: [
      post(
        { status: 503, code: "upstream_unavailable", upstreamRequestId: true },
        {
          before: (s) => dpfOf(s).inject(faults.error("ServiceUnavailable"), { path: /\/zones$/, times: 100 })
        }
      )
    ],
    // A 503 is retried (nothing was processed): every attempt of the client's.
    calls: (settings) => ({ certCentral: 0, dns: attempts(settings) }),
    orders: 0
  },
  {
    name: "CertCentral 500 to the order",
    upstream: "500 to the order; none placed, so sent once more",
    steps: [
      post(issued, {
        before: (s) =>
          s.certCentral.inject(
            faults.status(500, certCentralErrorBody("internal_error", upstreamAnswer), {
              "content-type": "application/json",
              "x-dc-trace": "dc-node-7"
            }),
            { method: "POST", path: orderPath }
          )
      }),
      // The same request again resumes the order: nothing more is ordered.
      post(issued)
    ],
    // order, list orders (reconciliation: none), order again, check DCV
    calls: calls(4),
    orders: 1
  },
  {
    name: "order placed, its answer lost",
    upstream: "order placed, connection reset before the answer",
    steps: [
      post(issued, {
        before: (s) => s.certCentral.inject(faults.resetAfter(), { method: "POST", path: orderPath })
      })
    ],
    // order, list orders, order info (the match: same key and names), dcv-random-value (order info
    // does not carry it), check DCV
    calls: calls(5),
    orders: 1
  },
  {
    name: "order answer lost, lookup failed",
    upstream: "order answer lost, list orders 500: unknown",
    steps: [
      post(
        { status: 503, code: "upstream_unavailable" },
        {
          before: (s) => {
            s.certCentral.inject(faults.resetAfter(), { method: "POST", path: orderPath })
            s.certCentral.inject(faults.status(500), { method: "GET", path: listPath, times: 100 })
          }
        }
      ),
      // The same request again looks first, finds the order placed by the first one, and goes on.
      post(issued, { before: (s) => s.certCentral.clearFaults() })
    ],
    // order, list orders (500 on each of the client's attempts); then list orders, order info (the
    // match), dcv-random-value, check DCV: one order, never sent twice.
    calls: (settings) => calls(1 + attempts(settings) + 4, { zones: 2 })(settings),
    orders: 1
  },
  // DO-API: zones, add, the records list on each of the client's attempts; then the records list
  // (the TXT is there), commit. CertCentral: the order; then check DCV.
  txtAddLost(
    "do-api",
    "add answer lost, records list 500: unknown",
    (settings) => 2 + attempts(settings) + 2,
    (s) => {
      doApiOf(s).inject(faults.resetAfter(), { method: "POST", path: /record\.json$/ })
      doApiOf(s).inject(faults.status(500), { method: "GET", path: /records\/DETAIL\.json$/, times: 100 })
    }
  ),
  // DPF-API: zones, add, the records list on each of the client's attempts; then the records list
  // (the TXT is there), the apply and its job. CertCentral: the order; then check DCV.
  txtAddLost(
    "dpf",
    "add answer lost, records list 500 SystemError: unknown",
    (settings) => 2 + attempts(settings) + 3,
    (s) => {
      dpfOf(s).inject(faults.resetAfter(), { method: "POST", path: /\/records$/ })
      dpfOf(s).inject(faults.error("SystemError"), { method: "GET", path: /\/records$/, times: 100 })
    }
  ),
  {
    name: "Japanese client",
    upstream: "404 not_found|order",
    steps: [
      {
        method: "GET",
        path: "/certificates/4242",
        headers: { "accept-language": "ja,en;q=0.5" },
        expect: { status: 404, code: "not_found" }
      }
    ],
    calls: calls(1, { zones: 0, adds: 0, applies: 0 }),
    orders: 0,
    check: ([answer]) =>
      /[\u3040-\u30ff\u4e00-\u9fff]/.test(String(answer?.body?.title)) ? [] : ["the title is not Japanese"]
  },
  // The retry neither orders nor adds the TXT again: commit and check-dcv only.
  failedAfterOrder(
    "do-api",
    "maintenance at the commit, then 201",
    () => 4,
    (s) => doApiOf(s).inject(faults.error("StatusError"), { method: "PUT", path: "commit.json" })
  ),
  // zones, the add and its job, the apply on each of the client's attempts; the retry neither
  // orders nor adds the TXT again: the apply and its job, check-dcv.
  failedAfterOrder(
    "dpf",
    "503 ServiceUnavailable to every apply, then 201",
    (settings) => 3 + attempts(settings) + 2,
    (s) =>
      dpfOf(s).inject(faults.error("ServiceUnavailable"), { method: "PATCH", path: dpfChanges, times: 100 })
  )
]

/** The scenarios of one DNS vendor, in table order: the same number on each. */
export const scenariosFor = (dns: DnsVendor): ReadonlyArray<Scenario> =>
  scenarios.filter((scenario) => scenario.dns === undefined || scenario.dns === dns)

/** What a scenario run observed, in the shape of the expectations. */
export interface Observed {
  readonly steps: ReadonlyArray<Required<Omit<Expected, "code">> & { readonly code: string | undefined }>
  readonly calls: Calls
  readonly orders: number
}

export interface ScenarioRun {
  readonly scenario: Scenario
  readonly answers: ReadonlyArray<Answer>
  readonly observed: Observed
  readonly expected: Observed
  /** Order requests CertCentral received (POST order/certificate/...), refused ones included. */
  readonly orderRequests: number
  /** Orders CertCentral holds for a CSR it already had an order for: must stay 0. */
  readonly duplicateOrders: number
  /** Upstream-written text, credentials or upstream headers found in an answer: must stay empty. */
  readonly leaks: ReadonlyArray<string>
  /** Scenario-specific findings: must stay empty. */
  readonly findings: ReadonlyArray<string>
  readonly millis: number
}

export interface RunOptions {
  readonly framework: Framework
  /** The gateway's settings; `settings.dns` chooses the DNS vendor simulated. */
  readonly settings: GatewaySettings
  /** A real CSR for a name (see `makeCsr`). */
  readonly csr: (commonName: string) => string
}

// A PEM envelope around bytes that are no certificate request.
const badCsr =
  "-----BEGIN CERTIFICATE REQUEST-----\nTm90IGEgY2VydGlmaWNhdGUgcmVxdWVzdA==\n-----END CERTIFICATE REQUEST-----\n"

// Every text an upstream wrote that could leak: the messages of every documented error.
const upstreamTexts: ReadonlyArray<string> = [
  ...certCentralFixtures.flatMap((f) => messagesOf(f.body, "message")),
  ...doApiFixtures.flatMap((f) => messagesOf(f.body, "ErrorMessage")),
  ...[...dpfFixtures, ...dpfProxyFixtures].flatMap((f) => messagesOf(f.body, "error_message")),
  upstreamAnswer,
  "dc-node-7"
].filter((text) => text.length >= 8)

function messagesOf(body: string, key: string): ReadonlyArray<string> {
  const found: Array<string> = []
  const walk = (u: unknown): void => {
    if (Array.isArray(u)) u.forEach(walk)
    else if (typeof u === "object" && u !== null) {
      for (const [k, v] of Object.entries(u)) {
        if (k === key && typeof v === "string") found.push(v)
        else walk(v)
      }
    }
  }
  try {
    walk(JSON.parse(body))
  } catch {
    // A status-only fixture has no body.
  }
  return found
}

const leaksIn = (answer: Answer, secrets: ReadonlyArray<string>): ReadonlyArray<string> => {
  const everything = `${answer.text}\n${Object.entries(answer.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}`
  return [
    ...[...upstreamTexts, ...secrets].filter((text) => everything.includes(text)).map((t) => `text: ${t}`),
    ...Object.keys(answer.headers)
      .filter((h) => h.startsWith("x-dc-") || h.startsWith("x-iijapi-"))
      .map((h) => `header: ${h}`)
  ]
}

const observe = (expect: Expected, answer: Answer) => ({
  status: answer.status,
  code: typeof answer.body?.code === "string" && answer.status >= 400 ? answer.body.code : undefined,
  upstreamRequestId: answer.headers["x-upstream-request-id"] !== undefined,
  orderId: typeof answer.body?.orderId === "number",
  location: answer.headers.location !== undefined,
  // The expectation, filled in: what is not said is expected absent.
  expected: {
    status: expect.status,
    code: expect.code,
    upstreamRequestId: expect.upstreamRequestId ?? false,
    orderId: expect.orderId ?? false,
    location: expect.location ?? false
  }
})

/** Runs one scenario on fresh simulators and a fresh gateway, and closes both. */
export const runScenario = async (scenario: Scenario, options: RunOptions): Promise<ScenarioRun> => {
  const started = performance.now()
  const settings: GatewaySettings = { ...options.settings, ...scenario.settings }
  if (scenario.dns !== undefined && scenario.dns !== settings.dns) {
    throw new Error(`scenario "${scenario.name}" is for ${scenario.dns}, not ${settings.dns}`)
  }
  const simulators = await startSimulators({ ...scenario.simulators, dns: settings.dns })
  const upstreams = scenario.upstreams?.(simulators.upstreams) ?? simulators.upstreams
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined
  try {
    gateway = await startGateway({ framework: options.framework, upstreams, settings })
    const answers: Array<Answer> = []
    const steps: Array<ReturnType<typeof observe>> = []
    for (const step of scenario.steps) {
      step.before?.(simulators)
      const certificate = step.certificate
      const response = await fetch(`${gateway.url}${step.path}`, {
        method: step.method,
        headers: { "content-type": "application/json", ...step.headers },
        ...(certificate !== undefined
          ? {
              body: JSON.stringify({
                commonName: certificate.commonName,
                csr: certificate.csr === "bad" ? badCsr : options.csr(certificate.commonName)
              })
            }
          : {})
      })
      const text = await response.text()
      let body: Record<string, unknown> | undefined
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        body = undefined
      }
      const answer: Answer = {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text,
        body
      }
      answers.push(answer)
      steps.push(observe(step.expect, answer))
      simulators.certCentral.clearFaults()
      simulators.dns.clearFaults()
    }
    const orders = simulators.certCentral.orders()
    const csrs = new Set(orders.map((o) => o.csr.trim()))
    const secrets = [
      simulators.certCentral.apiKey,
      ...(simulators.doApi !== undefined ? [simulators.doApi.accessKey, simulators.doApi.secretKey] : []),
      ...(simulators.dpf?.tokens ?? []),
      "not-the-key",
      "not-the-secret",
      "not-the-token"
    ]
    return {
      scenario,
      answers,
      observed: {
        steps: steps.map(({ expected: _, ...seen }) => seen),
        calls: {
          certCentral: simulators.certCentral.requests.length,
          dns: simulators.dns.requests.length
        },
        orders: orders.length
      },
      expected: {
        steps: steps.map(({ expected }) => expected),
        calls: scenario.calls(settings),
        orders: scenario.orders
      },
      orderRequests: simulators.certCentral.requests.filter(
        (r) => r.method === "POST" && anyOrderPath.test(r.path)
      ).length,
      duplicateOrders: orders.length - csrs.size,
      leaks: answers.flatMap((answer) => leaksIn(answer, secrets)),
      findings: scenario.check?.(answers) ?? [],
      millis: performance.now() - started
    }
  } finally {
    await gateway?.close()
    await simulators.close()
  }
}

/** Everything that differs from the scenario's expectations; empty when the run is as expected. */
export const problemsOf = (run: ScenarioRun): ReadonlyArray<string> => [
  ...(JSON.stringify(run.observed) === JSON.stringify(run.expected)
    ? []
    : [`observed ${JSON.stringify(run.observed)}, expected ${JSON.stringify(run.expected)}`]),
  ...(run.duplicateOrders > 0 ? [`${run.duplicateOrders} duplicate order(s)`] : []),
  ...run.leaks.map((leak) => `leak: ${leak}`),
  ...run.findings
]
