import { inspect } from "node:util"
import * as Redacted from "effect/Redacted"
import { afterEach, describe, expect, it } from "vitest"
import {
  startAcmeSimulator,
  startCertCentralSimulator,
  startDoApiSimulator,
  startDpfSimulator
} from "../src/index.js"
import { expireAt, signedHeaders } from "./helpers.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()))
})
const started = <H extends { close: () => Promise<void> }>(handle: H): H => {
  open.push(handle)
  return handle
}

// The options a client takes, ready on each handle; the secrets Redacted (never printed), and they
// open the simulator: a request made from them alone is authenticated.
describe("handle.clientOptions", () => {
  it("CertCentral: { baseUrl, apiKey } that reach the simulator", async () => {
    const ca = started(await startCertCentralSimulator({ apiKeys: ["key-one", "key-two"] }))
    const { baseUrl, apiKey } = ca.clientOptions
    expect(Object.keys(ca.clientOptions).sort()).toEqual(["apiKey", "baseUrl"])
    expect(baseUrl).toBe(ca.url)
    expect(Redacted.isRedacted(apiKey)).toBe(true)
    expect(
      `${String(apiKey)} ${JSON.stringify(ca.clientOptions)} ${inspect(ca.clientOptions)}`
    ).not.toContain("key-one")
    const answer = await fetch(`${baseUrl}order/certificate`, {
      headers: { "X-DC-DEVKEY": Redacted.value(apiKey) }
    })
    expect(answer.status).toBe(200)
    expect(ca.requests.at(-1)?.authenticated).toBe(true)
  })

  it("DO-API: { baseUrl, serviceCode, accessKey, secretKey } that sign a request it accepts", async () => {
    const dns = started(await startDoApiSimulator({ serviceCode: "do00000042" }))
    const options = dns.clientOptions
    expect(Object.keys(options).sort()).toEqual(["accessKey", "baseUrl", "secretKey", "serviceCode"])
    expect(options.serviceCode).toBe("do00000042")
    expect(JSON.stringify(options)).not.toContain(dns.secretKey)
    const path = `/r/20140601/${options.serviceCode}/zones.json`
    const answer = await fetch(`${options.baseUrl}${path}`, {
      headers: signedHeaders({
        method: "GET",
        path,
        accessKey: Redacted.value(options.accessKey),
        secretKey: Redacted.value(options.secretKey),
        expire: expireAt(Date.now() + 60_000)
      })
    })
    expect(await answer.json()).toMatchObject({ ZoneList: ["example.jp"] })
    expect(dns.requests.at(-1)?.authenticated).toBe(true)
  })

  it("DPF-API: { baseUrl, token } under /dpf/v1", async () => {
    const dpf = started(await startDpfSimulator())
    const { baseUrl, token } = dpf.clientOptions
    expect(baseUrl).toBe(dpf.url)
    expect(baseUrl.endsWith("/dpf/v1")).toBe(true)
    expect(inspect(dpf.clientOptions)).not.toContain(dpf.token)
    const answer = await fetch(`${baseUrl}/zones`, {
      headers: { Authorization: `Bearer ${Redacted.value(token)}` }
    })
    expect(answer.status).toBe(200)
    expect(dpf.requests.at(-1)?.authenticated).toBe(true)
  })

  it("acme: { baseUrl, apiKey }", async () => {
    const acme = started(await startAcmeSimulator({ apiKey: "acme-secret" }))
    const { baseUrl, apiKey } = acme.clientOptions
    const answer = await fetch(`${baseUrl}/widgets`, { headers: { "x-acme-key": Redacted.value(apiKey) } })
    expect(answer.status).toBe(200)
    expect(JSON.stringify(acme.clientOptions)).not.toContain("acme-secret")
  })
})
