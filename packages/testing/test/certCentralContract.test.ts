import { afterEach, describe, expect, it } from "vitest"
import { certCentralFixtures, makeCsr, startCertCentralSimulator } from "../src/index.js"
import { manualClock } from "./helpers.js"

// What the simulator serves, over raw HTTP, against DigiCert's pages as cited in
// packages/certcentral/CONTRACT.md. This package never imports the client: both sides are pinned to
// the documents, so neither can drift alone.

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

type Options = Parameters<typeof startCertCentralSimulator>[0]

const start = async (options: Options = {}) => {
  const clock = manualClock()
  const records = new Map<string, string>()
  const sim = await startCertCentralSimulator({
    rateLimits: [],
    now: clock.now,
    resolveTxt: (name) => (records.has(name) ? [records.get(name) ?? ""] : []),
    ...options
  })
  open.push(sim)
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: { "x-dc-devkey": sim.apiKey, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    return { status: response.status, json: (await response.json()) as any }
  }
  const order = async (product: string, commonName: string, dnsNames: ReadonlyArray<string> = []) =>
    call("POST", `order/certificate/${product}`, {
      certificate: { common_name: commonName, dns_names: dnsNames, csr: await makeCsr(commonName) },
      dcv_method: "dns-txt-token"
    })
  return { sim, clock, records, call, order }
}

describe("check-dcv (DigiCert, Check order DCV)", () => {
  it("answers dcv_status valid, order_status pending while organization validation waits, then issued", async () => {
    const { sim, records, call, order } = await start({ organizationValidation: ["ssl_securesite_flex"] })
    const placed = await order("ssl_securesite_flex", "ov.example.jp")
    expect(placed.status).toBe(201)
    records.set("ov.example.jp", placed.json.dcv_random_value)
    const pending = await call("PUT", `order/certificate/${placed.json.id}/check-dcv`)
    expect(pending).toEqual({
      status: 200,
      json: {
        order_status: "pending",
        dcv_status: "valid",
        dns_name_validations: [{ dns_name: "ov.example.jp", status: "approved" }]
      }
    })
    expect(sim.issue(placed.json.id)).toBe(true)
    const issued = await call("PUT", `order/certificate/${placed.json.id}/check-dcv`)
    expect(issued.json).toMatchObject({ order_status: "issued", dcv_status: "valid" })
    expect(issued.json.certificate_id).toEqual(expect.any(Number))
  })

  it("issues a DV order as soon as DCV passes", async () => {
    const { records, call, order } = await start({ organizationValidation: ["ssl_securesite_flex"] })
    const placed = await order("ssl_dv_geotrust", "dv.example.jp")
    records.set("_dnsauth.dv.example.jp", placed.json.dcv_random_value)
    const done = await call("PUT", `order/certificate/${placed.json.id}/check-dcv`)
    expect(done.json).toMatchObject({ order_status: "issued", dcv_status: "valid" })
  })
})

describe("dcv-random-value (DigiCert, Get order DCV random value)", () => {
  it("returns the order's value with its expiration_date, and a new value only once it expired", async () => {
    const { clock, call, order } = await start()
    const placed = await order("ssl_dv_geotrust", "rv.example.jp")
    const path = `order/certificate/${placed.json.id}/dcv-random-value`
    const first = await call("PUT", path)
    expect(first).toEqual({
      status: 200,
      json: { dcv_random_value: placed.json.dcv_random_value, expiration_date: "2026-05-31T00:00:00+00:00" }
    })
    expect((await call("PUT", path)).json).toEqual(first.json) // asked again: the same value
    clock.advance(30 * 86_400_000)
    const renewed = await call("PUT", path)
    expect(renewed.json.dcv_random_value).not.toBe(placed.json.dcv_random_value)
    expect(renewed.json.dcv_random_value).toMatch(/^[0-9a-f]{32}$/)
    expect((await call("PUT", "order/certificate/999999/dcv-random-value")).json.errors[0].code).toBe(
      "not_found|order"
    )
  })

  it("order info carries no dcv_random_value unless orderInfoDcvRandomValue", async () => {
    const plain = await start()
    const a = await plain.order("ssl_dv_geotrust", "info.example.jp")
    expect((await plain.call("GET", `order/certificate/${a.json.id}`)).json).not.toHaveProperty(
      "dcv_random_value"
    )
    const withValue = await start({ orderInfoDcvRandomValue: true })
    const b = await withValue.order("ssl_dv_geotrust", "info.example.jp")
    expect((await withValue.call("GET", `order/certificate/${b.json.id}`)).json.dcv_random_value).toBe(
      b.json.dcv_random_value
    )
  })
})

describe("names DigiCert adds (addsNameVariant)", () => {
  it.each([
    ["shop.example.jp", ["www.shop.example.jp"]],
    ["www.shop.example.jp", ["shop.example.jp"]],
    ["*.example.jp", ["example.jp"]]
  ])("an order for %s is kept with %j added", async (commonName, added) => {
    const { call, order } = await start({ addsNameVariant: ["ssl_plus"] })
    const placed = await order("ssl_plus", commonName)
    expect(placed.json.domains.map((d: any) => d.name)).toEqual([commonName, ...added])
    const info = await call("GET", `order/certificate/${placed.json.id}`)
    expect(info.json.certificate).toMatchObject({ common_name: commonName, dns_names: added })
    const other = await order("ssl_dv_geotrust", commonName)
    expect(other.json.domains.map((d: any) => d.name)).toEqual([commonName])
  })
})

describe("list orders (DigiCert, List orders)", () => {
  it("sorts by comma-separated fields and filters by product_name_id", async () => {
    const { call, order } = await start()
    const a = await order("ssl_plus", "b.example.jp")
    const b = await order("ssl_dv_geotrust", "a.example.jp")
    const c = await order("ssl_plus", "a.example.jp")
    const sorted = await call("GET", "order/certificate?sort=common_name,-id")
    expect(sorted.json.orders.map((o: any) => o.id)).toEqual([c.json.id, b.json.id, a.json.id])
    const filtered = await call("GET", "order/certificate?filters[product_name_id]=ssl_plus&sort=-id")
    expect(filtered.json.orders.map((o: any) => o.id)).toEqual([c.json.id, a.json.id])
    expect(filtered.json.page).toEqual({ total: 2, limit: 1000, offset: 0 })
  })
})

describe("errors (DigiCert, Errors)", () => {
  it("lists the English page's caa, domain-lock, archive and validity codes with their status", () => {
    const byCode = new Map(certCentralFixtures.map((f) => [f.code, f.status]))
    for (const code of [
      "caa_check_failed|example.com",
      "caa_not_found|example.com",
      "cannot_activate_domain_lock",
      "cannot_archive_primary_certificate",
      "cannot_deactivate_domain_lock",
      "cert_validity_exceeds_order_validity"
    ]) {
      expect(byCode.get(code)).toBe(400)
    }
    expect(byCode.has("caa_not_found")).toBe(false)
  })

  it("refuses a request without X-DC-DEVKEY in the errors envelope", async () => {
    const { sim } = await start()
    const response = await fetch(`${sim.url}order/certificate`)
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({
      errors: [{ code: expect.any(String), message: expect.any(String) }]
    })
  })

  it("rejects bad option types", async () => {
    await expect(startCertCentralSimulator({ organizationValidation: "ssl_plus" as never })).rejects.toThrow(
      TypeError
    )
    await expect(startCertCentralSimulator({ orderInfoDcvRandomValue: "no" as never })).rejects.toThrow(
      TypeError
    )
  })
})
