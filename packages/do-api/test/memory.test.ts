import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"
import { type DoApiSimulatorHandle, faults, startDoApiSimulator } from "@faultline/testing"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const hugeBytes = 200 * 1024 * 1024

// The simulator streams the body as fast as the client reads it and no faster (backpressure), and
// stops when the client goes away; chunked, so only reading reveals the size.
let sim: DoApiSimulatorHandle
beforeAll(async () => {
  sim = await startDoApiSimulator({
    credentials: [{ accessKey: "memory-test-access", secretKey: "memory-test-secret" }],
    serviceCode: "do0000001"
  })
})
afterAll(() => sim.close())

const child = fileURLToPath(new URL("./memory/child.mjs", import.meta.url))

const run = (url: string, operation: string) =>
  new Promise<{ growth: number; tag: string; reason: string }>((resolve, reject) =>
    execFile(process.execPath, ["--expose-gc", child, url, operation], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}"))
    )
  )

// Resident memory is measured in a process of its own: the limit is the body cap, not the body.
describe("a 200 MiB body", () => {
  it.each([
    ["error body (500)", 500, "list"],
    ["success body (200)", 200, "list"],
    ["success body of a commit (200)", 200, "commit"]
  ])("%s fails typed while resident memory grows by less than 64 MiB", async (_name, status, operation) => {
    // The child calls twice (a warm-up, then the measured call): both get the huge body.
    sim.inject(faults.largeBody(hugeBytes, { status, contentLength: false }), { times: 2 })
    const before = sim.streamedBytes
    const sent = sim.requests.length
    const result = await run(sim.url, operation)
    const streamed = sim.streamedBytes - before
    expect(result.tag).toBe("UpstreamError")
    expect(result.reason).toBe("ResponseTooLarge")
    expect(result.growth).toBeLessThan(64 * 1024 * 1024)
    // Reading stopped near the cap: the server never got to send the whole body.
    expect(streamed).toBeLessThan(hugeBytes)
    expect(sim.requests.length - sent).toBe(2)
  })
})
