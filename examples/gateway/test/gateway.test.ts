// What the scenario table does not show: the gateway's own errors, idempotent retries, concurrent
// identical requests, the order's state, request ids; on both twins, over real HTTP.
import { makeCsr } from "@faultline/testing"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { dnsauthOwner, zoneFor } from "../src/certificates.js"
import type { DnsVendor } from "../src/dns.js"
import { frameworks, type RunningGateway, startGateway } from "../src/gateway.js"
import { doApiOf, dpfOf, type Simulators, startSimulators } from "../src/simulators.js"
import { testSettings } from "./settings.js"

let shop = ""
let www = ""
beforeAll(async () => {
  shop = await makeCsr("shop.example.jp", { key: "rsa" })
  www = await makeCsr("www.sub.example.jp", { key: "rsa" })
})

describe("zones", () => {
  it("picks the longest zone that holds the name", () => {
    const zones = ["example.jp", "sub.example.jp", "ample.jp"]
    expect(zoneFor("www.sub.example.jp", zones)).toBe("sub.example.jp")
    expect(zoneFor("shop.example.jp", zones)).toBe("example.jp")
    expect(zoneFor("example.jp", zones)).toBe("example.jp")
    expect(zoneFor("shop.example.com", zones)).toBeUndefined()
    expect(zoneFor("xample.jp", ["ample.jp"])).toBeUndefined()
  })

  it("puts the TXT record at _dnsauth.<name>, relative to the zone", () => {
    expect(dnsauthOwner("shop.example.jp", "example.jp")).toBe("_dnsauth.shop")
    expect(dnsauthOwner("example.jp", "example.jp")).toBe("_dnsauth")
    expect(dnsauthOwner("a.b.example.jp", "example.jp")).toBe("_dnsauth.a.b")
  })
})

describe.each(frameworks)("the %s gateway", (framework) => {
  let simulators: Simulators
  let gateway: RunningGateway

  const start = async (zones?: ReadonlyArray<string>, dns: DnsVendor = "do-api") => {
    simulators = await startSimulators(zones === undefined ? { dns } : { zones, dns })
    const settings = { ...testSettings, dns }
    gateway = await startGateway({ framework, upstreams: simulators.upstreams, settings })
  }
  afterEach(async () => {
    await gateway?.close()
    await simulators?.close()
  })

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/certificates`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body)
    })

  it("answers a bad body with its own invalid_input problem, naming the fields, and orders nothing", async () => {
    await start()
    const response = await post({ commonName: "not a name", csr: 42 }, { "accept-language": "ja" })
    expect(response.status).toBe(400)
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      status: 400,
      code: "invalid_input",
      instance: response.headers.get("x-request-id")
    })
    expect(body.errors).toEqual([
      expect.objectContaining({ pointer: "/commonName", code: "invalid" }),
      expect.objectContaining({ pointer: "/csr", code: "invalid_type" })
    ])
    expect(String(body.title)).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    expect(simulators.certCentral.requests).toHaveLength(0)
    expect(simulators.dns.requests).toHaveLength(0)
  })

  it("refuses a name outside its zones with 422 before ordering", async () => {
    await start()
    const response = await post({ commonName: "shop.example.com", csr: shop })
    expect(response.status).toBe(422)
    expect(((await response.json()) as Record<string, unknown>).code).toBe("unprocessable")
    expect(simulators.dns.requests.map((r) => r.path)).toEqual([expect.stringMatching(/zones\.json$/)])
    expect(simulators.certCentral.requests).toHaveLength(0)
  })

  it("publishes in the most specific zone, and the order's state reads back", async () => {
    await start(["example.jp", "sub.example.jp"])
    const response = await post({ commonName: "www.sub.example.jp", csr: www })
    expect(response.status).toBe(201)
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      status: "issued",
      commonName: "www.sub.example.jp",
      dnsRecord: { name: "_dnsauth.www.sub.example.jp", type: "TXT" }
    })
    expect(doApiOf(simulators).records("sub.example.jp")).toEqual([
      expect.objectContaining({ Owner: "_dnsauth.www", RecordType: "TXT", TTL: "300" })
    ])
    expect(doApiOf(simulators).resolveTxt("_dnsauth.www.sub.example.jp")).toEqual([
      simulators.certCentral.orders()[0]?.dcvRandomValue
    ])

    const state = await fetch(`${gateway.url}${response.headers.get("location")}`)
    expect(state.status).toBe(200)
    expect(await state.json()).toMatchObject({
      id: body.id,
      status: "issued",
      commonName: "www.sub.example.jp",
      dcvMethod: "dns-txt-token"
    })
  })

  it("publishes in the most specific zone on DPF-API, the TXT quoted at its absolute name", async () => {
    await start(["example.jp", "sub.example.jp"], "dpf")
    const response = await post({ commonName: "www.sub.example.jp", csr: www })
    expect(response.status).toBe(201)
    const value = simulators.certCentral.orders()[0]?.dcvRandomValue
    const txt = dpfOf(simulators)
      .records("sub.example.jp")
      .filter((r) => r.rrtype === "TXT")
    expect(txt).toEqual([
      expect.objectContaining({ name: "_dnsauth.www.sub.example.jp.", ttl: 300, state: 0 })
    ])
    expect(txt[0]?.rdata).toEqual([{ value: `"${value}"` }])
    expect(dpfOf(simulators).resolveTxt("_dnsauth.www.sub.example.jp")).toEqual([value])
  })

  it("answers the same request again with the same order, sending nothing upstream", async () => {
    await start()
    const first = (await (await post({ commonName: "shop.example.jp", csr: shop })).json()) as { id: number }
    const calls = simulators.certCentral.requests.length + simulators.dns.requests.length
    const again = await post({ commonName: "shop.example.jp", csr: shop })
    expect(again.status).toBe(201)
    expect(((await again.json()) as { id: number }).id).toBe(first.id)
    expect(simulators.certCentral.requests.length + simulators.dns.requests.length).toBe(calls)
    expect(simulators.certCentral.orders()).toHaveLength(1)
  })

  it("places one order for identical requests in flight together", async () => {
    await start()
    const answers = await Promise.all(
      [1, 2, 3].map(() => post({ commonName: "shop.example.jp", csr: shop }).then((r) => r.json()))
    )
    expect(new Set(answers.map((a) => (a as { id: number }).id)).size).toBe(1)
    expect(simulators.certCentral.orders()).toHaveLength(1)
  })

  it("reuses a well-formed incoming X-Request-Id, on successes and problems alike", async () => {
    await start()
    const ok = await post({ commonName: "shop.example.jp", csr: shop }, { "x-request-id": "req-0001" })
    expect(ok.headers.get("x-request-id")).toBe("req-0001")
    const missing = await fetch(`${gateway.url}/certificates/4242`, {
      headers: { "x-request-id": "req-0002" }
    })
    expect(missing.headers.get("x-request-id")).toBe("req-0002")
    expect(((await missing.json()) as Record<string, unknown>).instance).toBe("req-0002")
  })

  it("replaces a malformed X-Request-Id (abc~1) everywhere: success, problem and log line", async () => {
    const logged: Array<Record<string, unknown>> = []
    simulators = await startSimulators({ dns: "do-api" })
    gateway = await startGateway({
      framework,
      upstreams: simulators.upstreams,
      settings: { ...testSettings, dns: "do-api", log: (line) => logged.push(line) }
    })
    const ok = await post({ commonName: "shop.example.jp", csr: shop }, { "x-request-id": "abc~1" })
    expect(ok.status).toBe(201)
    expect(ok.headers.get("x-request-id")).not.toBe("abc~1")
    const missing = await fetch(`${gateway.url}/certificates/4242`, { headers: { "x-request-id": "abc~1" } })
    const body = (await missing.json()) as Record<string, unknown>
    expect(missing.headers.get("x-request-id")).not.toBe("abc~1")
    expect(body.instance).toBe(missing.headers.get("x-request-id"))
    expect(logged.map((line) => line.requestId)).toContain(body.instance)
    expect(JSON.stringify(logged)).not.toContain("abc~1")
  })

  it("answers its own error and an upstream failure with the same headers and shape", async () => {
    await start()
    const own = await post({ commonName: "shop.example.com", csr: shop }, { "accept-language": "ja" })
    const upstream = await fetch(`${gateway.url}/certificates/4242`, { headers: { "accept-language": "ja" } })
    expect([own.status, upstream.status]).toEqual([422, 404])
    for (const name of ["content-type", "cache-control", "content-language", "vary"]) {
      expect(own.headers.get(name), name).toBe(upstream.headers.get(name))
    }
    expect(own.headers.get("content-language")).toBe("ja")
    const [a, b] = [(await own.json()) as object, (await upstream.json()) as object]
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
  })
})
