import { afterEach, describe, expect, it } from "vitest"
import {
  certCentralFixtures,
  doApiFixtures,
  faults,
  makeCsr,
  startCertCentralSimulator,
  startDoApiSimulator
} from "../src/index.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const start = async () => {
  const sim = await startCertCentralSimulator({ rateLimits: [] })
  open.push(sim)
  const send = (method: string, path: string, body?: unknown, init: RequestInit = {}) =>
    fetch(`${sim.url}${path}`, {
      method,
      headers: { "x-dc-devkey": sim.apiKey, "content-type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...init
    })
  return { sim, send }
}

const csr = await makeCsr("shop.example.jp")
const anOrder = { certificate: { common_name: "shop.example.jp", csr }, dcv_method: "dns-txt-token" }

describe("fault injection", () => {
  it("answers any documented error by code, for the next N matching requests only", async () => {
    const { send, sim } = await start()
    sim.inject(faults.error("not_found|order"), { times: 2, method: "GET", path: "order/certificate" })
    await send("POST", "order/certificate/ssl_dv_geotrust", anOrder) // not matched: POST
    for (let i = 0; i < 2; i++) {
      const response = await send("GET", "order/certificate")
      expect(response.status).toBe(404)
      expect(((await response.json()) as any).errors[0].code).toBe("not_found|order")
    }
    expect((await send("GET", "order/certificate")).status).toBe(200)
    expect(sim.orders()).toHaveLength(1)
  })

  it("can inject every fixture of both vendors by its code", async () => {
    const { send, sim } = await start()
    for (const fixture of certCentralFixtures) {
      sim.inject(faults.error(fixture.code))
      const response = await send("GET", "order/certificate")
      expect(response.status).toBe(fixture.status)
      expect(((await response.json()) as any).errors[0].code).toBe(fixture.code)
    }
    const dns = await startDoApiSimulator()
    open.push(dns)
    for (const code of new Set(doApiFixtures.map((f) => f.code))) {
      const fixture = doApiFixtures.find((f) => f.code === code)!
      dns.inject(faults.error(code))
      const response = await fetch(`${dns.url}/r/20140601/${dns.serviceCode}/zones.json`)
      expect(response.status).toBe(fixture.status)
      const text = await response.text()
      if (fixture.body === "") expect(text).toBe("")
      else
        expect(JSON.parse(text).ErrorResponse).toMatchObject({
          ErrorType: code,
          RequestId: expect.any(String)
        })
    }
  })

  it("rejects unknown codes and malformed faults at inject", () =>
    start().then(({ sim }) => {
      expect(() => sim.inject(faults.error("no_such_code"))).toThrow(/no fixture has the code/)
      expect(() => sim.inject(faults.status(42))).toThrow(TypeError)
      expect(() => sim.inject(faults.error("not_found"), { times: 0 })).toThrow(/times/)
      expect(() => sim.inject({ kind: "explode" } as never)).toThrow(/unknown fault kind/)
    }))

  it("answers any status with body and headers, e.g. an HTML 502 page", async () => {
    const { send, sim } = await start()
    sim.inject(faults.htmlBadGateway())
    const page = await send("GET", "order/certificate")
    expect(page.status).toBe(502)
    expect(page.headers.get("content-type")).toBe("text/html")
    expect(await page.text()).toMatch(/<title>502 Bad Gateway<\/title>/)
    sim.inject(faults.status(503, "", { "retry-after": "7" }))
    const busy = await send("GET", "order/certificate")
    expect([busy.status, busy.headers.get("retry-after"), await busy.text()]).toEqual([503, "7", ""])
  })

  it("resets the connection before processing: no order is created", async () => {
    const { send, sim } = await start()
    sim.inject(faults.resetBefore(), { method: "POST" })
    await expect(send("POST", "order/certificate/ssl_dv_geotrust", anOrder)).rejects.toThrow()
    expect(sim.orders()).toEqual([])
    expect(sim.requests).toHaveLength(1)
  })

  it("resets after processing: the order exists but its answer is lost", async () => {
    const { send, sim } = await start()
    sim.inject(faults.resetAfter(), { path: "order/certificate/ssl_dv_geotrust" })
    await expect(send("POST", "order/certificate/ssl_dv_geotrust", anOrder)).rejects.toThrow()
    expect(sim.orders()).toHaveLength(1)
    // The order can be found again, as a reconciling client would.
    const listed = (await (
      await send("GET", "order/certificate?filters[common_name]=shop.example.jp")
    ).json()) as any
    expect(listed.orders).toHaveLength(1)
  })

  it("resets during the body: the order exists and reading the answer fails", async () => {
    const { send, sim } = await start()
    sim.inject(faults.resetDuringBody(), { method: "POST" })
    await expect(
      send("POST", "order/certificate/ssl_dv_geotrust", anOrder).then((r) => r.text())
    ).rejects.toThrow()
    expect(sim.orders()).toHaveLength(1)
  })

  it("truncates the real answer short of its content-length", async () => {
    const { send, sim } = await start()
    sim.inject(faults.truncate(10), { method: "POST" })
    await expect(
      send("POST", "order/certificate/ssl_dv_geotrust", anOrder).then((r) => r.text())
    ).rejects.toThrow()
    expect(sim.orders()).toHaveLength(1)
  })

  it("delays, then processes and answers normally", async () => {
    const { send, sim } = await start()
    sim.inject(faults.delay(20))
    const response = await send("GET", "order/certificate")
    expect(response.status).toBe(200)
    expect(((await response.json()) as any).orders).toEqual([])
  })

  it("hangs until the client gives up, and close() still returns", async () => {
    const { send, sim } = await start()
    sim.inject(faults.hang())
    const controller = new AbortController()
    const pending = send("GET", "order/certificate", undefined, { signal: controller.signal })
    // Give up once the simulator has the request (no timing involved).
    while (sim.requests.length === 0) await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    await expect(pending).rejects.toThrow()
    sim.inject(faults.hang())
    const held = send("GET", "order/certificate").catch((error: unknown) => error)
    while (sim.requests.length === 1) await new Promise((resolve) => setImmediate(resolve))
    await sim.close()
    expect(await held).toBeInstanceOf(Error)
  })

  it("redirects with 302, 307 and 308 and a Location", async () => {
    const { send, sim } = await start()
    for (const status of [302, 307, 308] as const) {
      sim.inject(faults.redirect("https://evil.example/steal", status))
      const response = await send("GET", "order/certificate", undefined, { redirect: "manual" })
      expect(response.status).toBe(status)
      expect(response.headers.get("location")).toBe("https://evil.example/steal")
    }
  })

  it("streams a 200 MiB body without holding it, with or without content-length", async () => {
    const { send, sim } = await start()
    const size = 200 * 1024 * 1024
    sim.inject(faults.largeBody(size))
    const response = await send("GET", "order/certificate")
    expect(response.headers.get("content-length")).toBe(String(size))
    const reader = response.body!.getReader()
    let total = 0
    let first = ""
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (first === "") first = Buffer.from(value.subarray(0, 12)).toString()
      total += value.byteLength
    }
    expect(total).toBe(size)
    expect(first).toBe('{"padding":"')

    sim.inject(
      faults.largeBody(10 * 1024 * 1024, { contentLength: false, status: 503, contentType: "text/plain" })
    )
    const chunked = await send("GET", "order/certificate")
    expect([chunked.status, chunked.headers.get("content-length")]).toEqual([503, null])
    const partial = chunked.body!.getReader()
    await partial.read()
    await partial.cancel() // a client that stops reading early: the server stops writing
    expect((await send("GET", "order/certificate")).status).toBe(200)
  })

  it("answers any status with a JSON body", async () => {
    const { send, sim } = await start()
    sim.inject(faults.json(201, { id: 7, brand_new: [1] }, { "x-extra": "1" }))
    const response = await send("GET", "order/certificate")
    expect(response.status).toBe(201)
    expect(response.headers.get("content-type")).toBe("application/json")
    expect(response.headers.get("x-extra")).toBe("1")
    expect(await response.json()).toEqual({ id: 7, brand_new: [1] })
  })

  it("stalls: headers and the start of a body, then nothing, counted in hanging until given up", async () => {
    const { send, sim } = await start()
    sim.inject(faults.stall({ status: 500 }))
    const controller = new AbortController()
    const response = await send("GET", "order/certificate", undefined, { signal: controller.signal })
    expect([response.status, response.headers.get("content-length")]).toEqual([500, null])
    const reader = response.body!.getReader()
    expect(Buffer.from((await reader.read()).value ?? []).toString()).toBe('{"errors":[')
    expect(sim.hanging).toBe(1)
    const rest = reader.read()
    controller.abort()
    await expect(rest).rejects.toThrow()
    while (sim.hanging > 0) await new Promise((resolve) => setImmediate(resolve))
    expect(sim.hanging).toBe(0)
    expect(() => sim.inject(faults.stall({ status: 42 }))).toThrow(TypeError)
  })

  it("counts hanging requests: held ones only, until the client gives up or close()", async () => {
    const { send, sim } = await start()
    expect(sim.hanging).toBe(0)
    sim.inject(faults.hang(), { times: 2 })
    const controller = new AbortController()
    const first = send("GET", "order/certificate", undefined, { signal: controller.signal })
    const second = send("GET", "order/certificate").catch((error: unknown) => error)
    while (sim.hanging < 2) await new Promise((resolve) => setImmediate(resolve))
    expect((await send("GET", "order/certificate")).status).toBe(200)
    expect(sim.hanging).toBe(2)
    controller.abort()
    await expect(first).rejects.toThrow()
    while (sim.hanging > 1) await new Promise((resolve) => setImmediate(resolve))
    expect(sim.hanging).toBe(1)
    await sim.close()
    expect(await second).toBeInstanceOf(Error)
    expect(sim.hanging).toBe(0)
  })

  it("counts the large-body bytes it wrote: far below the size when the client stops reading", async () => {
    const { send, sim } = await start()
    const size = 200 * 1024 * 1024
    sim.inject(faults.largeBody(size, { contentLength: false }))
    const response = await send("GET", "order/certificate")
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    expect(sim.streamedBytes).toBeGreaterThan(0)
    expect(sim.streamedBytes).toBeLessThan(size / 2)
    const before = sim.streamedBytes
    sim.inject(faults.largeBody(1000))
    expect((await (await send("GET", "order/certificate")).text()).length).toBe(1000)
    expect(sim.streamedBytes - before).toBe(1000)
  })

  it("records whether each request was authenticated, faulted ones included", async () => {
    const { send, sim } = await start()
    sim.inject(faults.status(503))
    await send("GET", "order/certificate")
    await fetch(`${sim.url}order/certificate`, { headers: { "x-dc-devkey": "wrong" } })
    sim.inject(faults.status(503))
    await fetch(`${sim.url}order/certificate`)
    await send("GET", "order/certificate")
    expect(sim.requests.map((r) => r.authenticated)).toEqual([true, false, false, true])
  })

  it("clearFaults drops faults not used yet", async () => {
    const { send, sim } = await start()
    sim.inject(faults.status(500), { times: 5 })
    sim.clearFaults()
    expect((await send("GET", "order/certificate")).status).toBe(200)
  })
})
