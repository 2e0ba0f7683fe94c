import { afterEach, expect, it } from "vitest"
import { makeCsr, startCertCentralSimulator, startDoApiSimulator } from "../src/index.js"
import { expireAt, manualClock, signedHeaders } from "./helpers.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

it("completes DCV end to end: order, TXT record, commit, check-dcv, issued", async () => {
  const clock = manualClock()
  const dns = await startDoApiSimulator({ now: clock.now, commitMillis: 30_000 })
  const ca = await startCertCentralSimulator({ now: clock.now, resolveTxt: dns.resolveTxt })
  open.push(dns, ca)
  const cc = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${ca.url}${path}`, {
      method,
      headers: { "x-dc-devkey": ca.apiKey, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    return { status: response.status, json: (await response.json()) as any }
  }
  const doApi = async (method: string, path: string, body?: unknown) => {
    const full = `/r/20140601/${dns.serviceCode}/${path}`
    const headers = signedHeaders({
      method,
      path: full,
      accessKey: dns.accessKey,
      secretKey: dns.secretKey,
      expire: expireAt(clock.now() + 300_000),
      ...(body !== undefined ? { contentType: "application/json" } : {})
    })
    const response = await fetch(`${dns.url}${full}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {})
    })
    return (await response.json()) as any
  }

  const placed = await cc("POST", "order/certificate/ssl_dv_geotrust", {
    certificate: {
      common_name: "shop.example.jp",
      dns_names: ["www.shop.example.jp"],
      csr: await makeCsr("shop.example.jp")
    },
    dcv_method: "dns-txt-token"
  })
  const { id, dcv_random_value: token } = placed.json
  const check = () => cc("PUT", `order/certificate/${id}/check-dcv`)

  expect((await check()).json.errors[0].code).toBe("invalid_dns_txt")
  // One name proven (at _dnsauth.<domain>), the other at the name itself.
  await doApi("POST", "example.jp/record.json", {
    Owner: "_dnsauth.shop",
    TTL: "300",
    RecordType: "TXT",
    RData: `"${token}"`
  })
  await doApi("POST", "example.jp/record.json", {
    Owner: "www.shop",
    TTL: "300",
    RecordType: "TXT",
    RData: token
  })
  expect((await check()).json.errors[0].code).toBe("invalid_dns_txt") // pending, not committed
  expect((await doApi("PUT", "commit.json")).RequestId).toBeTypeOf("string")
  expect((await check()).json.errors[0].code).toBe("invalid_dns_txt") // commit still running
  clock.advance(30_000)

  const done = await check()
  expect(done.status).toBe(200)
  // DigiCert's "Check order DCV" answer: `valid`, and one approved entry per name.
  expect(done.json).toEqual({
    order_status: "issued",
    certificate_id: expect.any(Number),
    dcv_status: "valid",
    dns_name_validations: [
      { dns_name: "shop.example.jp", status: "approved" },
      { dns_name: "www.shop.example.jp", status: "approved" }
    ]
  })
  const info = await cc("GET", `order/certificate/${id}`)
  expect(info.json).toMatchObject({ status: "issued", certificate: { id: done.json.certificate_id } })
  const issued = await cc("GET", "order/certificate?filters[status]=issued")
  expect(issued.json.orders.map((o: any) => o.id)).toEqual([id])
  expect((await check()).json).toEqual(done.json) // check-dcv again is harmless
})
