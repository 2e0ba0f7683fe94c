import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { type CertCentralSimulatorOptions, makeCsr, startCertCentralSimulator } from "../src/index.js"
import { manualClock, publicKeySha256 } from "./helpers.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

let csr = ""
beforeAll(async () => {
  csr = await makeCsr("shop.example.jp", { key: "rsa" })
})

const start = async (options: CertCentralSimulatorOptions = {}) => {
  const sim = await startCertCentralSimulator(options)
  open.push(sim)
  const call = async (method: string, path: string, body?: unknown, key: string | null = sim.apiKey) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        ...(key !== null ? { "x-dc-devkey": key } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {})
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {})
    })
    const text = await response.text()
    return { status: response.status, json: text === "" ? undefined : (JSON.parse(text) as any) }
  }
  return { sim, call }
}

const order = (commonName = "shop.example.jp", extra: object = {}) => ({
  certificate: { common_name: commonName, csr, signature_hash: "sha256" },
  order_validity: { years: 1 },
  dcv_method: "dns-txt-token",
  ...extra
})

const codeOf = (answer: { json: any }) => answer.json.errors[0].code as string

describe("CertCentral simulator", () => {
  it("checks X-DC-DEVKEY against apiKeys", async () => {
    const { call } = await start({ apiKeys: ["key-a", "key-b"] })
    for (const key of [null, "", "key-c"]) {
      const answer = await call("GET", "order/certificate", undefined, key)
      expect(answer.status).toBe(403)
      expect(codeOf(answer)).toBe("access_denied|access_denied_invalid_key")
    }
    expect((await call("GET", "order/certificate", undefined, "key-b")).status).toBe(200)
  })

  it("submits an order with the real success shape and keeps the CSR and its public key", async () => {
    const { sim, call } = await start()
    const answer = await call(
      "POST",
      "order/certificate/ssl_dv_geotrust",
      order("shop.example.jp", {
        certificate: { common_name: "shop.example.jp", dns_names: ["www.shop.example.jp"], csr }
      })
    )
    expect(answer.status).toBe(201)
    expect(answer.json).toEqual({
      id: expect.any(Number),
      domains: [
        { id: expect.any(Number), name: "shop.example.jp", dns_name: "shop.example.jp" },
        { id: expect.any(Number), name: "www.shop.example.jp", dns_name: "www.shop.example.jp" }
      ],
      dcv_random_value: expect.stringMatching(/^[0-9a-f]{32}$/),
      requests: [{ id: expect.any(Number), status: "pending" }]
    })
    const [stored] = sim.orders()
    expect(stored).toMatchObject({ id: answer.json.id, csr, publicKeySha256: publicKeySha256(csr) })

    const info = await call("GET", `order/certificate/${answer.json.id}`)
    expect(info.json).toMatchObject({
      id: answer.json.id,
      status: "pending",
      certificate: { common_name: "shop.example.jp", dns_names: ["www.shop.example.jp"], csr },
      product: { name_id: "ssl_dv_geotrust" },
      dcv_method: "dns-txt-token"
    })
    expect(info.json.certificate.id).toBeUndefined()
  })

  it("answers csr_invalid_cannot_parse for anything but a PEM certificate request", async () => {
    const { sim, call } = await start()
    const body = csr.split("\n").slice(1, -2).join("\n")
    const broken = [
      "not a csr",
      body, // no armour
      csr.replace("CERTIFICATE REQUEST", "CERTIFICATE"),
      `-----BEGIN CERTIFICATE REQUEST-----\n${Buffer.from("hello world").toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`,
      csr.replace(/\n[A-Za-z0-9+/]{10}/, "\n!!!!!!!!!!"),
      `-----BEGIN CERTIFICATE REQUEST-----\n${body.slice(0, 200)}\n-----END CERTIFICATE REQUEST-----\n`
    ]
    for (const bad of broken) {
      const answer = await call("POST", "order/certificate/ssl_dv_geotrust", {
        certificate: { common_name: "shop.example.jp", csr: bad }
      })
      expect(answer.status).toBe(400)
      expect(codeOf(answer)).toBe("csr_invalid_cannot_parse")
    }
    expect(sim.orders()).toEqual([])
  })

  it("answers required_param, missing_request_data, bad_request_format and invalid_value", async () => {
    const { call } = await start()
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      ["", "missing_request_data"],
      ["{not json", "bad_request_format"],
      [{}, "required_param:certificate"],
      [{ certificate: { csr } }, "required_param:certificate.common_name"],
      [{ certificate: { common_name: "shop.example.jp" } }, "required_param:certificate.csr"],
      [order("shop.example.jp", { dcv_method: "carrier-pigeon" }), "invalid_value:dcv_method"],
      [order(`${"a".repeat(60)}.example.jp`), "rfc5280_common_name_too_long"]
    ]
    for (const [body, code] of cases) {
      const answer = await call("POST", "order/certificate/ssl_dv_geotrust", body)
      expect(answer.status).toBe(400)
      expect(codeOf(answer)).toBe(code)
    }
  })

  it("answers not_found|product, not_found|order and not_found|route", async () => {
    const { call } = await start()
    expect(codeOf(await call("POST", "order/certificate/ssl_imaginary", order()))).toBe("not_found|product")
    const missing = await call("GET", "order/certificate/999999")
    expect(missing.status).toBe(404)
    expect(codeOf(missing)).toBe("not_found|order")
    expect(codeOf(await call("PUT", "order/certificate/abc/check-dcv"))).toBe("not_found|order")
    expect(codeOf(await call("GET", "user/me"))).toBe("not_found|route")
    expect(codeOf(await call("DELETE", "order/certificate"))).toBe("not_found|route")
  })

  it("lists orders with paging, sort and the documented filters", async () => {
    const clock = manualClock(Date.parse("2026-05-01T00:00:00Z"))
    const { call } = await start({ now: clock.now })
    const ids: Array<number> = []
    for (const name of ["b.example.jp", "a.example.jp", "c.example.com"]) {
      ids.push((await call("POST", "order/certificate/ssl_dv_geotrust", order(name))).json.id)
      clock.advance(86_400_000)
    }
    const all = await call("GET", "order/certificate")
    expect(all.json.page).toEqual({ total: 3, limit: 1000, offset: 0 })
    expect(all.json.orders.map((o: any) => o.id)).toEqual(ids)
    expect(all.json.orders[0]).toMatchObject({
      status: "pending",
      date_created: "2026-05-01T00:00:00+00:00",
      product: { name_id: "ssl_dv_geotrust" },
      certificate: { common_name: "b.example.jp" }
    })

    const page = await call("GET", "order/certificate?limit=1&offset=1&sort=-id")
    expect(page.json).toMatchObject({ page: { total: 3, limit: 1, offset: 1 }, orders: [{ id: ids[1] }] })
    const byName = await call("GET", "order/certificate?sort=common_name")
    expect(byName.json.orders.map((o: any) => o.certificate.common_name)).toEqual([
      "a.example.jp",
      "b.example.jp",
      "c.example.com"
    ])
    const filtered = async (query: string) =>
      (await call("GET", `order/certificate?${query}`)).json.orders.map((o: any) => o.id)
    expect(await filtered("filters[common_name]=a.example.jp")).toEqual([ids[1]])
    expect(await filtered("filters[domain_name]=c.example.com")).toEqual([ids[2]])
    expect(await filtered("filters[search]=example.jp")).toEqual([ids[0], ids[1]])
    expect(await filtered("filters[date_created]=2026-05-02")).toEqual([ids[1]])
    expect(await filtered(`filters[id]=${ids[2]}`)).toEqual([ids[2]])
    expect(await filtered("filters[status]=issued")).toEqual([])
    expect(await filtered("filters[product_name_id]=ssl_dv_geotrust&filters[status]=pending")).toEqual(ids)
    expect(codeOf(await call("GET", "order/certificate?limit=0"))).toBe("invalid_value:limit")
    expect(codeOf(await call("GET", "order/certificate?offset=-1"))).toBe("invalid_value:offset")
    expect(codeOf(await call("GET", "order/certificate?sort=colour"))).toBe("invalid_value:sort")
  })

  it("enforces rolling rate-limit windows exactly, per key, on the injected clock", async () => {
    const clock = manualClock(1_000_000)
    const { call } = await start({
      apiKeys: ["k1", "k2"],
      now: clock.now,
      rateLimits: [
        { limit: 3, windowMillis: 1_000 },
        { limit: 5, windowMillis: 10_000 }
      ]
    })
    const status = async (key = "k1") => (await call("GET", "order/certificate", undefined, key)).status
    expect([await status(), await status(), await status()]).toEqual([200, 200, 200])
    const refused = await call("GET", "order/certificate", undefined, "k1")
    expect(refused.status).toBe(429)
    expect(codeOf(refused)).toBe("request_limit_exceeded")
    expect(await status("k2")).toBe(200) // another key has its own budget
    clock.advance(999)
    expect(await status()).toBe(429) // the first three are still inside (t - 1000, t]
    clock.advance(1)
    expect([await status(), await status()]).toEqual([200, 200]) // five in 10 s now
    expect(await status()).toBe(429) // the 3 / 1 s window has room, the 5 / 10 s one has not
    clock.advance(10_000 - 1_000)
    expect(await status()).toBe(200)
  })

  it("applies DigiCert's default limits: 100 in 5 s", async () => {
    const clock = manualClock()
    const { call } = await start({ now: clock.now })
    for (let i = 0; i < 100; i++) expect((await call("GET", "order/certificate")).status).toBe(200)
    expect((await call("GET", "order/certificate")).status).toBe(429)
    clock.advance(5_000)
    expect((await call("GET", "order/certificate")).status).toBe(200)
  })

  it("answers invalid_dns_txt without a resolver, the DCV method codes, and issues via issue()", async () => {
    const { sim, call } = await start()
    const txt = (await call("POST", "order/certificate/ssl_dv_geotrust", order())).json.id
    expect(codeOf(await call("PUT", `order/certificate/${txt}/check-dcv`))).toBe("invalid_dns_txt")
    const email = (
      await call("POST", "order/certificate/ssl_dv_geotrust", order("a.jp", { dcv_method: "email" }))
    ).json
    expect(email.dcv_random_value).toBeUndefined()
    expect(codeOf(await call("PUT", `order/certificate/${email.id}/check-dcv`))).toBe("invalid_dns_method")
    const cname = (
      await call(
        "POST",
        "order/certificate/ssl_dv_geotrust",
        order("b.jp", { dcv_method: "dns-cname-token" })
      )
    ).json
    expect(codeOf(await call("PUT", `order/certificate/${cname.id}/check-dcv`))).toBe("invalid_dns_cname")
    const http = (
      await call("POST", "order/certificate/ssl_dv_geotrust", order("c.jp", { dcv_method: "http-token" }))
    ).json
    expect(codeOf(await call("PUT", `order/certificate/${http.id}/check-dcv`))).toBe(
      "file_random_value_not_found"
    )

    expect(sim.issue(txt)).toBe(true)
    expect(sim.issue(1)).toBe(false)
    const info = await call("GET", `order/certificate/${txt}`)
    expect(info.json).toMatchObject({ status: "issued", certificate: { id: expect.any(Number) } })
  })

  it("records requests with the API key redacted", async () => {
    const { sim, call } = await start()
    await call("POST", "order/certificate/ssl_dv_geotrust", order())
    expect(sim.requests).toHaveLength(1)
    expect(sim.requests[0]).toMatchObject({
      method: "POST",
      path: "/services/v2/order/certificate/ssl_dv_geotrust"
    })
    expect(sim.requests[0]!.headers["x-dc-devkey"]).toBe("[redacted]")
    expect(JSON.parse(sim.requests[0]!.body).certificate.csr).toBe(csr)
    expect(JSON.stringify(sim.requests)).not.toContain(sim.apiKey)
  })
})
