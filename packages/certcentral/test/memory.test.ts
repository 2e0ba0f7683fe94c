import { execFile } from "node:child_process"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const hugeBytes = 200 * 1024 * 1024
const chunk = Buffer.alloc(64 * 1024, 0x78)
let streamed = 0

// Streams `hugeBytes` of body, as fast as the client reads it and no faster (backpressure), and
// stops when the client goes away.
const server: Server = createServer((req, res) => {
  req.resume()
  const status = req.url?.includes("/error/") ? 500 : req.method === "POST" ? 201 : 200
  res.writeHead(status, { "content-type": "application/json" })
  let sent = 0
  const pump = () => {
    while (sent < hugeBytes) {
      sent += chunk.length
      streamed += chunk.length
      if (!res.write(chunk)) return void res.once("drain", pump)
    }
    res.end()
  }
  res.on("close", () => {
    sent = hugeBytes
  })
  pump()
})

let base = ""
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

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
    ["error body (500)", `/error/services/v2/`, "get"],
    ["success body (200)", "/services/v2/", "get"],
    ["success body of an order (201)", "/services/v2/", "order"]
  ])("%s fails typed while resident memory grows by less than 64 MiB", async (_name, path, operation) => {
    streamed = 0
    const result = await run(`${base}${path}`, operation)
    expect(result.tag).toBe("UpstreamError")
    expect(result.reason).toBe("ResponseTooLarge")
    expect(result.growth).toBeLessThan(64 * 1024 * 1024)
    // Reading stopped near the cap: the server never got to send the whole body.
    expect(streamed).toBeLessThan(hugeBytes)
  })
})
