import { describe, expect, it } from "vitest"
import { startCertCentralSimulator, startDoApiSimulator } from "../src/index.js"

describe("options are checked at start", () => {
  it.each([
    [{ prot: 1 }, /unknown option "prot"/],
    [{ port: -1 }, /option "port"/],
    [{ port: 1.5 }, /option "port"/],
    [{ apiKeys: [] }, /option "apiKeys"/],
    [{ apiKeys: "key" }, /option "apiKeys"/],
    [{ rateLimits: [{ limit: 0, windowMillis: 1000 }] }, /option "rateLimits"/],
    [{ rateLimits: [{ limit: 5 }] }, /option "rateLimits"/],
    [{ rateLimits: [{ limit: 5, windowMillis: 1000, burst: 2 }] }, /option "rateLimits"/],
    [{ rateLimits: {} }, /option "rateLimits"/],
    [{ resolveTxt: "dns" }, /option "resolveTxt"/],
    [{ now: 5 }, /option "now"/]
  ])("CertCentral rejects %j", async (options, message) => {
    await expect(startCertCentralSimulator(options as never)).rejects.toThrow(message)
    await expect(startCertCentralSimulator(options as never)).rejects.toBeInstanceOf(TypeError)
  })

  it.each([
    [{ credential: [] }, /unknown option "credential"/],
    [{ credentials: [] }, /option "credentials"/],
    [{ credentials: [{ accessKey: "a:b", secretKey: "s" }] }, /option "credentials"/],
    [{ credentials: [{ accessKey: "a", secretKey: "" }] }, /option "credentials"/],
    [{ zones: [""] }, /option "zones"/],
    [{ serviceCode: "do/1" }, /option "serviceCode"/],
    [{ commitMillis: -5 }, /option "commitMillis"/],
    [{ otherServices: {} }, /option "otherServices"/],
    [{ otherServices: [{ serviceCode: "do2", zone: ["a.jp"] }] }, /unknown option "zone"/],
    [{ otherServices: [{ serviceCode: "do2" }] }, /option "otherServices\[0\]\.zones"/],
    [{ otherServices: [{ serviceCode: "do/2", zones: ["a.jp"] }] }, /otherServices\[0\]\.serviceCode/],
    [{ otherServices: [{ serviceCode: "do00000001", zones: ["a.jp"] }] }, /repeats a service code/],
    [{ otherServices: [{ serviceCode: "do2", zones: ["Example.JP"] }] }, /a zone belongs to one service/]
  ])("DO-API rejects %j", async (options, message) => {
    await expect(startDoApiSimulator(options as never)).rejects.toThrow(message)
  })

  it("rejects options that are not an object", async () => {
    await expect(startDoApiSimulator("fast" as never)).rejects.toThrow(/options must be an object/)
  })

  it("names the port when it is already in use", async () => {
    const first = await startDoApiSimulator()
    const port = Number(new URL(first.url).port)
    try {
      await expect(startCertCentralSimulator({ port })).rejects.toThrow(
        `startCertCentralSimulator: option "port": 127.0.0.1:${port} is already in use`
      )
    } finally {
      await first.close()
    }
  })

  it("listens on the given port and on 127.0.0.1 only", async () => {
    const probe = await startDoApiSimulator()
    const port = Number(new URL(probe.url).port)
    await probe.close()
    const sim = await startDoApiSimulator({ port })
    try {
      expect(sim.url).toBe(`http://127.0.0.1:${port}`)
    } finally {
      await sim.close()
      await sim.close() // idempotent
    }
  })
})
