import { randomBytes } from "node:crypto"
import {
  type CertCentralSimulatorHandle,
  certCentralErrorBody,
  certCentralFixtures,
  type DoApiSimulatorHandle,
  doApiErrorBody,
  doApiFixtures,
  type DpfSimulatorHandle,
  dpfErrorBody,
  dpfFixtures,
  type Fault,
  faults,
  startCertCentralSimulator,
  startDoApiSimulator,
  startDpfSimulator
} from "@faultline/testing"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Capture,
  type ClientsRuntime,
  clientsLayer,
  dpfZoneId,
  newCapture,
  type RunningApp,
  type Route,
  rawRequest,
  spanText,
  startExpress,
  startNest
} from "./harness.js"
import { report, sized } from "./mode.js"

// The canary test: upstream answers stuffed with canary secrets (every documented code, HTML,
// truncated, empty, redirects, odd headers, Set-Cookie) go through the Express adapter and the Nest
// adapter on both platforms over real HTTP. Not one canary byte may reach a downstream status line,
// header or body; no credential may reach a log line, an error's toJSON/inspect or a span.

const token = () => randomBytes(6).toString("hex")
const CANARY = "CANARY"
const canary = (where: string) => `${CANARY}-${where}-${token()}`

// Credentials are canaries too: the simulators accept only these.
const credentials = {
  apiKey: canary("ccKey"),
  accessKey: canary("doAccess"),
  secretKey: canary("doSecret"),
  dpfToken: canary("dpfToken")
}

const oddHeaders = (): Record<string, string> => ({
  "set-cookie": `session=${canary("cookie")}; Path=/; HttpOnly`,
  "x-canary": canary("header"),
  "x-request-id": canary("upstreamRequestId"),
  "x-upstream-request-id": canary("spoofed"),
  "www-authenticate": `Bearer realm="${canary("realm")}"`,
  link: `<https://${canary("link").toLowerCase()}.example/>; rel="next"`,
  "content-language": canary("lang"),
  "retry-after": canary("retryAfter"),
  "cache-control": `private, ${canary("cache")}`,
  server: canary("server")
})

type Vendor = "cc" | "do" | "dpf"

interface Case {
  readonly name: string
  readonly vendor: Vendor
  readonly fault: () => Fault
}

const json = (value: unknown) => JSON.stringify(value)

const certCentralCases: ReadonlyArray<Case> = [
  ...certCentralFixtures.map(
    (f): Case => ({
      name: `documented ${f.code}`,
      vendor: "cc",
      fault: () => faults.status(f.status, certCentralErrorBody(f.code, canary("message")), oddHeaders())
    })
  ),
  ...["invalid_value", "invalid_chars", "required_param"].flatMap(
    (base): ReadonlyArray<Case> => [
      {
        name: `${base} with a canary parameter`,
        vendor: "cc",
        fault: () =>
          faults.status(400, certCentralErrorBody(`${base}:${canary("param")}`, canary("m")), oddHeaders())
      },
      {
        name: `${base} with an e-mail parameter`,
        vendor: "cc",
        fault: () =>
          faults.status(400, certCentralErrorBody(`${base}:${CANARY.toLowerCase()}@corp.example`, "m"))
      }
    ]
  ),
  {
    name: "unknown code with free text",
    vendor: "cc",
    fault: () =>
      faults.status(400, certCentralErrorBody(`${canary("code")} mail admin@corp.example`, canary("m")))
  },
  {
    name: "known base, canary qualifier",
    vendor: "cc",
    fault: () => faults.status(400, certCentralErrorBody(`caa_check_failed|${canary("q")}.example`, "m"))
  },
  {
    name: "many entries",
    vendor: "cc",
    fault: () =>
      faults.status(
        400,
        json({
          errors: Array.from({ length: 50 }, (_, i) => ({ code: `${canary(`e${i}`)}`, message: canary("m") }))
        })
      )
  },
  {
    name: "errors as a map",
    vendor: "cc",
    fault: () =>
      faults.status(400, json({ errors: { [canary("key")]: { code: canary("c"), message: canary("m") } } }))
  }
]

const withCanaryMessage = (body: string): string => {
  if (body === "") return body
  const parsed = JSON.parse(body) as { ErrorResponse: Record<string, unknown> }
  const e = parsed.ErrorResponse
  e.ErrorMessage = canary("message")
  const detail = e.ErrorDetail as { ErrorList?: Array<Record<string, unknown>> } | undefined
  for (const entry of detail?.ErrorList ?? []) {
    if ("Line" in entry) entry.Line = `${canary("line")} 300 IN A 192.0.2.1\n`
    if ("MonitoringId" in entry) entry.MonitoringId = canary("monitoring")
  }
  return JSON.stringify(parsed)
}

const doApiCases: ReadonlyArray<Case> = [
  ...doApiFixtures.map(
    (f): Case => ({
      name: `documented ${f.code}`,
      vendor: "do",
      fault: () => faults.status(f.status, withCanaryMessage(f.body), oddHeaders())
    })
  ),
  {
    name: "RecordValidateError with canary codes",
    vendor: "do",
    fault: () =>
      faults.status(
        200,
        doApiErrorBody("RecordValidateError", canary("m"), undefined, {
          ErrorList: [
            { Line: canary("line"), ErrorCode: canary("code") },
            { Line: canary("line"), ErrorCode: `${CANARY.toLowerCase()}@corp.example` },
            { Line: canary("line"), ErrorCode: "RESERVED_V4ADDRESS" }
          ]
        })
      )
  },
  {
    name: "unknown ErrorType",
    vendor: "do",
    fault: () => faults.status(200, doApiErrorBody(canary("type"), canary("m")), oddHeaders())
  },
  {
    name: "malformed RequestId",
    vendor: "do",
    fault: () => faults.status(200, doApiErrorBody("SystemError", "m", `${canary("rid")} with spaces`))
  }
]

// A DPF-API body with canaries where IIJ writes free text (error_message) and in the block id; the
// documented codes and request_id kept, so each case is decoded as the documented error it is.
const withDpfCanaries = (body: string): string => {
  const parsed = JSON.parse(body) as Record<string, unknown>
  parsed.error_message = canary("message")
  if ("block_id" in parsed) parsed.block_id = `${CANARY}${token()}${token()}`.slice(0, 32)
  return JSON.stringify(parsed)
}

const dpfCases: ReadonlyArray<Case> = [
  ...dpfFixtures.map(
    (f): Case => ({
      name: `documented ${f.code}`,
      vendor: "dpf",
      fault: () =>
        faults.status(f.status, f.body.startsWith("{") ? withDpfCanaries(f.body) : f.body, oddHeaders())
    })
  ),
  {
    name: "ParameterError with canary details",
    vendor: "dpf",
    fault: () =>
      faults.status(
        400,
        dpfErrorBody("ParameterError", canary("m"), {
          details: [
            { code: canary("code"), attribute: "name" },
            { code: "invalid", attribute: canary("attribute") },
            { code: `${CANARY.toLowerCase()}@corp.example`, attribute: "rdata" }
          ]
        }),
        oddHeaders()
      )
  },
  {
    name: "unknown error_type",
    vendor: "dpf",
    fault: () => faults.status(400, dpfErrorBody(canary("type"), canary("m")), oddHeaders())
  },
  {
    name: "malformed request_id",
    vendor: "dpf",
    fault: () =>
      faults.status(500, dpfErrorBody("SystemError", "m", { requestId: `${canary("rid")} with spaces` }))
  }
]

const transportCases = (vendor: Vendor): ReadonlyArray<Case> => [
  {
    name: "HTML 502",
    vendor,
    fault: () =>
      faults.status(502, `<html><title>${canary("html")}</title><body>${canary("html")}</body></html>`, {
        "content-type": "text/html",
        ...oddHeaders()
      })
  },
  {
    name: "truncated JSON",
    vendor,
    fault: () =>
      faults.status(
        400,
        `{"errors":[{"code":"${canary("trunc")}","message":"${canary("trunc")}`,
        oddHeaders()
      )
  },
  { name: "empty 503", vendor, fault: () => faults.status(503, "", oddHeaders()) },
  {
    name: "empty 429",
    vendor,
    fault: () => faults.status(429, "", { "retry-after": "7", "set-cookie": canary("c") })
  },
  {
    name: "redirect",
    vendor,
    fault: () =>
      faults.redirect(`https://${canary("host").toLowerCase()}.example/steal?key=${canary("q")}`, 302)
  },
  {
    name: "permanent redirect",
    vendor,
    fault: () => faults.redirect(`/${canary("path")}`, 308)
  },
  {
    name: "large body",
    vendor,
    fault: () => faults.status(500, `{"errors":[{"code":"x","message":"${canary("big").repeat(20_000)}"}]}`)
  }
]

const allCases = [
  ...certCentralCases,
  ...doApiCases,
  ...dpfCases,
  ...transportCases("cc"),
  ...transportCases("do"),
  ...transportCases("dpf")
]

// Which routes a case is driven through: the read always, the write in the long mode.
const routesOf = (vendor: Vendor): ReadonlyArray<Route> =>
  vendor === "cc"
    ? sized(["cc/read"], ["cc/read", "cc/order"])
    : vendor === "do"
      ? sized(["do/read"], ["do/read", "do/add"])
      : sized(["dpf/read"], ["dpf/read", "dpf/add"])

let certCentral: CertCentralSimulatorHandle
let doApi: DoApiSimulatorHandle
let dpf: DpfSimulatorHandle
let runtime: ClientsRuntime
let capture: Capture
let apps: ReadonlyArray<RunningApp>

beforeAll(async () => {
  certCentral = await startCertCentralSimulator({ apiKeys: [credentials.apiKey], rateLimits: [] })
  doApi = await startDoApiSimulator({
    credentials: [{ accessKey: credentials.accessKey, secretKey: credentials.secretKey }]
  })
  dpf = await startDpfSimulator({ tokens: [credentials.dpfToken] })
  // The DPF routes write into the zone by the id the harness knows.
  if (dpf.zoneId("example.jp") !== dpfZoneId) throw new Error("the DPF simulator's zone id changed")
  capture = newCapture()
  runtime = ManagedRuntime.make(
    clientsLayer(certCentral, doApi, dpf, capture, { attempts: 2, reconcile: false })
  )
  apps = [
    await startExpress(runtime, capture),
    await startExpress(runtime, capture, { exposeUpstreamCodes: true }),
    await startNest("express", runtime, capture, { exposeUpstreamCodes: true }),
    await startNest("fastify", runtime, capture)
  ]
})

afterAll(async () => {
  for (const app of apps ?? []) await app.close()
  await runtime?.dispose()
  await certCentral?.close()
  await doApi?.close()
  await dpf?.close()
})

describe("canaries in upstream answers never reach the caller", () => {
  it("keeps every canary byte out of status lines, headers and bodies, and credentials out of logs, errors and spans", async () => {
    let responses = 0
    const statuses = new Map<number, number>()
    for (const c of allCases) {
      for (const route of routesOf(c.vendor)) {
        for (const app of apps) {
          const simulator = c.vendor === "cc" ? certCentral : c.vendor === "do" ? doApi : dpf
          simulator.clearFaults()
          simulator.inject(c.fault(), { times: 10 })
          const raw = await rawRequest(app.port, route, { "accept-language": "ja" })
          simulator.clearFaults()
          responses++
          const status = Number(raw.slice(9, 12))
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          expect(status, `${c.name} via ${app.name} ${route}`).toBeGreaterThanOrEqual(400)
          expect(raw.toUpperCase().includes(CANARY), `${c.name} via ${app.name} ${route}:\n${raw}`).toBe(
            false
          )
          expect(raw.toLowerCase()).not.toContain("corp.example")
        }
      }
    }
    const secrets = Object.values(credentials)
    const logText = capture.logs.join("\n")
    const errorText = capture.errors.join("\n")
    const spans = spanText(capture.spans)
    for (const secret of secrets) {
      expect(logText).not.toContain(secret)
      expect(errorText).not.toContain(secret)
      expect(spans).not.toContain(secret)
    }
    // Logs carry sanitised codes only: no upstream-written code either.
    expect(logText).not.toContain(CANARY)
    expect(logText).not.toContain("corp.example")
    report("canary", {
      cases: allCases.length,
      responses,
      statuses: Object.fromEntries(statuses),
      logLines: capture.logs.length,
      errorsSerialised: capture.errors.length,
      spans: capture.spans.length
    })
  })
})
