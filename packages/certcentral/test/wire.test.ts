import {
  type CertCentralSimulatorHandle,
  faults,
  makeCsr,
  startCertCentralSimulator
} from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { CertCentralClient } from "../src/CertCentral.js"
import type { CertCentralOptions } from "../src/CertCentralConfig.js"
import { csrKeyFingerprint } from "../src/csrKey.js"
import { dcvProgress } from "../src/dcvProgress.js"
import { decodeError } from "../src/decodeError.js"
import { decodeDcvCheck, decodeDcvRandomValue, decodeOrder, decodeOrderList } from "../src/models.js"
import { clientFor } from "./simulator.js"

// The client against DigiCert's own words: its documented example bodies, read literally, and the
// simulator (an independent reading, cited in CONTRACT.md) for what is sent. Each test names the
// defect of issue 17 it pins.

const json = (errors: ReadonlyArray<{ code: string; message?: string }>) => JSON.stringify({ errors })

let simulator: CertCentralSimulatorHandle
beforeAll(async () => {
  simulator = await startCertCentralSimulator({
    rateLimits: [],
    organizationValidation: ["ssl_securesite_flex"],
    addsNameVariant: ["ssl_plus"]
  })
})
afterAll(() => simulator.close())

const clientWith = (options: Partial<CertCentralOptions> = {}) => clientFor(simulator, options)

let client: CertCentralClient
let runtime: ReturnType<typeof clientWith>["runtime"]
beforeAll(() => {
  ;({ client, runtime } = clientWith())
})
afterAll(() => runtime.dispose())

const run = <A, E>(effect: Effect.Effect<A, E, never>) => runtime.runPromise(effect)
const lastRequest = () => simulator.requests.at(-1)
const lastQuery = () => new URLSearchParams(lastRequest()?.query ?? "")
const posts = () => simulator.requests.filter((r) => r.method === "POST").length

describe("issue 17.3: check-dcv as DigiCert answers it", () => {
  // DigiCert, "Check order DCV", the all-domains example.
  const issuedExample = {
    order_status: "issued",
    certificate_id: 249043544,
    dcv_status: "valid",
    dns_name_validations: [
      { dns_name: "example.com", status: "approved" },
      { dns_name: "example.org", status: "approved" }
    ]
  }
  // DigiCert, "DV SSL: Check DCV", the 200 example: domain control proven, the order still pending.
  const pendingExample = { order_status: "pending", certificate_id: 123456, dcv_status: "valid" }

  it("reads the documented 200 with its per-name dns_name_validations, as Issued", () => {
    const check = Option.getOrThrow(decodeDcvCheck(issuedExample))
    expect(check).toEqual(issuedExample)
    expect(dcvProgress(check)).toEqual({ _tag: "Issued", certificateId: 249043544 })
  })

  it("reads dcv_status valid with order_status pending as Pending, never as issued", () => {
    const check = Option.getOrThrow(decodeDcvCheck(pendingExample))
    expect(dcvProgress(check)).toEqual({ _tag: "Pending", dcvValid: true })
    expect(dcvProgress({})).toEqual({ _tag: "Pending", dcvValid: false })
  })

  it("an OV order waiting for organization validation: check-dcv 200 pending, then issued", async () => {
    const records = new Map<string, string>()
    const sim = await startCertCentralSimulator({
      rateLimits: [],
      organizationValidation: ["ssl_securesite_flex"],
      resolveTxt: (name) => [records.get(name) ?? ""]
    })
    const { client: ov, runtime: rt } = clientWith(sim.clientOptions)
    try {
      const csr = await makeCsr("ov.example.jp")
      const order = await rt.runPromise(
        ov.submitOrder("ssl_securesite_flex", {
          certificate: { common_name: "ov.example.jp", csr },
          dcv_method: "dns-txt-token"
        })
      )
      records.set("ov.example.jp", order.dcv_random_value ?? "missing")
      const first = await rt.runPromise(ov.checkDcv(order.id))
      expect(first).toMatchObject({ order_status: "pending", dcv_status: "valid" })
      expect(first.dns_name_validations).toEqual([{ dns_name: "ov.example.jp", status: "approved" }])
      expect(dcvProgress(first)).toEqual({ _tag: "Pending", dcvValid: true })
      expect(sim.issue(order.id)).toBe(true) // organization validated
      const second = await rt.runPromise(ov.checkDcv(order.id))
      expect(dcvProgress(second)._tag).toBe("Issued")
    } finally {
      await rt.dispose()
      await sim.close()
    }
  })
})

describe("issue 17.4: the DCV random value comes from dcv-random-value, never empty", () => {
  it("newDcvRandomValue PUTs order/certificate/{order_id}/dcv-random-value and reads the answer", async () => {
    const csr = await makeCsr("rv.example.jp")
    const order = await run(
      client.submitOrder("ssl_dv_geotrust", {
        certificate: { common_name: "rv.example.jp", csr },
        dcv_method: "dns-txt-token"
      })
    )
    const value = await run(client.newDcvRandomValue(order.id))
    expect(lastRequest()?.method).toBe("PUT")
    expect(lastRequest()?.path).toBe(`/services/v2/order/certificate/${order.id}/dcv-random-value`)
    // The key travels in X-DC-DEVKEY (recorded redacted) and is accepted.
    expect(lastRequest()?.headers["x-dc-devkey"]).toBe("[redacted]")
    expect(lastRequest()?.authenticated).toBe(true)
    expect(value.dcv_random_value).toBe(order.dcv_random_value)
    expect(value.expiration_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
  })

  it("reads DigiCert's documented answer literally", () => {
    // DigiCert, "Get order DCV random value" / "Change order DCV method" example answer.
    const example = { dcv_random_value: "<random_value>", expiration_date: "2023-02-24T16:25:52+00:00" }
    expect(Option.getOrThrow(decodeDcvRandomValue(example))).toEqual(example)
  })

  it("a 200 with an empty or missing value fails UnreadableResponse, and is not retried", async () => {
    for (const body of [{ dcv_random_value: "" }, { dcv_random_value: "  " }, { expiration_date: "x" }]) {
      simulator.inject(faults.json(200, body), { method: "PUT" })
      const before = simulator.requests.length
      const error = await run(Effect.flip(client.newDcvRandomValue(1001)))
      expect(error.reason._tag).toBe("UnreadableResponse")
      expect(simulator.requests.length - before).toBe(1)
    }
    simulator.clearFaults()
  })

  it("an empty dcv_random_value in an order or order info reads as absent", () => {
    expect(Option.getOrThrow(decodeOrder({ id: 1, dcv_random_value: "" }))).toEqual({ id: 1 })
  })

  it("an order found after a lost answer carries no value order info lacks; dcv-random-value supplies it", async () => {
    const csr = await makeCsr("found.example.jp")
    simulator.inject(faults.resetAfter(), { method: "POST" })
    const found = await run(
      client.submitOrder("ssl_dv_geotrust", {
        certificate: { common_name: "found.example.jp", csr },
        dcv_method: "dns-txt-token"
      })
    )
    const placed = simulator.orders().find((o) => o.publicKeySha256 === csrKeyFingerprint(csr))
    expect(found.id).toBe(placed?.id)
    expect(found.dcv_random_value).toBeUndefined()
    const value = await run(client.newDcvRandomValue(found.id))
    expect(value.dcv_random_value).toBe(placed?.dcvRandomValue)
  })
})

describe("issue 17.5: a key match with other names is outcome unknown", () => {
  it("DigiCert added www. to the order: the lost order is not ordered again", async () => {
    const csr = await makeCsr("rewritten.example.jp")
    simulator.inject(faults.resetAfter(), { method: "POST" })
    const before = posts()
    const error = await run(
      Effect.flip(
        client.submitOrder("ssl_plus", {
          certificate: { common_name: "rewritten.example.jp", csr },
          dcv_method: "dns-txt-token"
        })
      )
    )
    expect(error.reason._tag).toBe("OrderOutcomeUnknown")
    expect(posts() - before).toBe(1)
    const placed = simulator.orders().filter((o) => o.publicKeySha256 === csrKeyFingerprint(csr))
    expect(placed).toHaveLength(1)
    expect(placed[0]?.dnsNames).toEqual(["www.rewritten.example.jp"])
  })
})

describe("issue 17.8: parameter names as the sources show them", () => {
  it("sorts by comma-separated fields (DigiCert, List orders: sort)", async () => {
    await run(client.listOrders({ sort: "status,-date_created" }))
    expect(lastQuery().get("sort")).toBe("status,-date_created")
    const refused = await run(Effect.flip(client.listOrders({ sort: "status,,id" })))
    expect(refused.reason._tag).toBe("InvalidRequest")
  })

  it("sends the documented product_name_id and disable_renewal_notifications filters", async () => {
    await run(
      client.listOrders({ filters: { product_name_id: "ssl_plus", disable_renewal_notifications: "0" } })
    )
    expect(lastQuery().get("filters[product_name_id]")).toBe("ssl_plus")
    expect(lastQuery().get("filters[disable_renewal_notifications]")).toBe("0")
  })

  it.each([
    "custom_renewal_message",
    "product.type_hint",
    "technical_contact.email",
    "organization_contact",
    "organization.contacts.contact_type",
    "dcv_emails.email_domain",
    "filters[product_name_id]",
    "filters[disable_renewal_notifications]"
  ])("names the documented parameter %s in errors", (param) => {
    const reason = decodeError({ status: 400, body: json([{ code: `invalid_value:${param}` }]) })?.reason
    expect(reason?._tag).toBe("InvalidValue")
    expect(reason?._tag === "InvalidValue" ? reason.param : "").toBe(param)
  })

  it.each(["validity_end_date", "auto_reissue", "authentication_key_id", "use_auth_key", "product.name_id"])(
    "keeps %s, a name no source shows, out of errors",
    (param) => {
      const reason = decodeError({ status: 400, body: json([{ code: `invalid_value:${param}` }]) })?.reason
      expect(reason?._tag).toBe("InvalidValue")
      expect(reason?._tag === "InvalidValue" ? reason.param : "").toBeUndefined()
    }
  )
})

describe("DigiCert's documented examples read as documented", () => {
  it("list orders (DigiCert, List orders: 200 example)", () => {
    const list = Option.getOrThrow(
      decodeOrderList({
        orders: [
          {
            id: 123456,
            certificate: {
              id: 104,
              common_name: "example.com",
              dns_names: ["example2.com", "example3.com"],
              signature_hash: "sha256"
            },
            status: "pending",
            is_renewed: false,
            date_created: "2018-10-16T17:29:56+00:00",
            product: { name_id: "ssl_plus", name: "Standard SSL", type: "ssl_certificate" },
            product_name_id: "ssl_plus"
          }
        ],
        page: { total: 1, limit: 0, offset: 0 }
      })
    )
    expect(list.orders[0]).toMatchObject({
      id: 123456,
      status: "pending",
      date_created: "2018-10-16T17:29:56+00:00",
      certificate: { common_name: "example.com", dns_names: ["example2.com", "example3.com"] },
      product: { name_id: "ssl_plus" }
    })
    expect(list.page).toEqual({ total: 1, limit: 0, offset: 0 })
  })

  it("the error envelope and the rate limit's 429 (DigiCert, Errors; Rate limits)", () => {
    const error = decodeError({
      status: 429,
      body: json([
        { code: "request_limit_exceeded", message: "Service unavailable, please limit request volume" }
      ])
    })
    expect(error?.reason._tag).toBe("RequestLimitExceeded")
    expect(error?.upstreamStatus).toBe(429)
  })
})
