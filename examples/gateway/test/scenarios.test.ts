// The demo's scenario table, asserted end to end over real HTTP against both twins, on both DNS vendors.
import { makeCsr } from "@faultline/testing"
import { beforeAll, describe, expect, it } from "vitest"
import { dnsVendors } from "../src/dns.js"
import { frameworks } from "../src/gateway.js"
import { runScenario, scenariosFor } from "../src/scenarios.js"
import { testSettings } from "./settings.js"

let csr = ""
beforeAll(async () => {
  csr = await makeCsr("shop.example.jp", { key: "rsa" })
})

const cases = frameworks.flatMap((framework) => dnsVendors.map((dns) => [framework, dns] as const))

describe.each(cases)("the %s gateway on %s", (framework, dns) => {
  it.each(scenariosFor(dns).map((scenario) => [scenario.name, scenario] as const))(
    "%s",
    async (_, scenario) => {
      const settings = { ...testSettings, dns }
      const run = await runScenario(scenario, { framework, settings, csr: () => csr })

      // Status, problem code, X-Upstream-Request-Id, orderId, Location of every answer.
      expect(run.observed.steps).toEqual(run.expected.steps)
      // Exactly the upstream requests the scenario allows (retries included), and the orders.
      expect(run.observed.calls).toEqual(run.expected.calls)
      expect(run.observed.orders).toBe(run.expected.orders)
      expect(run.duplicateOrders).toBe(0)
      // Nothing upstream-written, no credential, no upstream header in any answer.
      expect(run.leaks).toEqual([])
      expect(run.findings).toEqual([])

      for (const answer of run.answers) {
        const requestId = answer.headers["x-request-id"]
        expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
        if (answer.status >= 400) {
          expect(answer.headers["content-type"]).toMatch(/^application\/problem\+json/)
          expect(answer.body?.instance).toBe(requestId)
          expect(answer.body?.status).toBe(answer.status)
          expect(answer.text).not.toMatch(/stack|at .*\.js:\d+/)
        } else {
          expect(answer.headers.location).toBe(`/certificates/${String(answer.body?.id)}`)
        }
      }
    }
  )
})
