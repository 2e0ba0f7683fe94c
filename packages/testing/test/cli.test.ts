import { type ChildProcess, spawn } from "node:child_process"
import { createServer } from "node:net"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"

// The real command line: the built `dist/cli.js` (the package's `bin`), spawned with node.

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url))
const running: Array<ChildProcess> = []
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM")
})

interface Ended {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

const run = (args: ReadonlyArray<string>): Promise<Ended> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => (stdout += chunk))
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, stdout, stderr }))
  })

/** Starts the simulators and resolves with what they printed once they listen. */
const serve = (args: ReadonlyArray<string>) =>
  new Promise<{ child: ChildProcess; banner: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    running.push(child)
    let banner = ""
    let stderr = ""
    child.stdout?.on("data", (chunk) => {
      banner += chunk
      // The banner is complete once the DPF-API lines (the last) are out.
      if (/token: +\S+\n[\s\S]*\n$/.test(banner)) resolve({ child, banner })
    })
    child.stderr?.on("data", (chunk) => (stderr += chunk))
    child.once("close", (code) => reject(new Error(`exited ${code}: ${stderr}`)))
  })

/** The first of `count` consecutive ports free right now: the OS's pick and the ones after it. */
const freePorts = async (count: number): Promise<number> => {
  for (;;) {
    const first = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    if (first + count > 65535) continue
    const free = await Promise.all(
      Array.from(
        { length: count },
        (_, i) =>
          new Promise<boolean>((resolve) => {
            const server = createServer()
            server.once("error", () => resolve(false))
            server.listen(first + i, "127.0.0.1", () => server.close(() => resolve(true)))
          })
      )
    )
    if (free.every(Boolean)) return first
  }
}

describe("faultline-simulators", () => {
  it("prints its usage for --help and -h, and exits 0 without starting anything", async () => {
    for (const flag of ["--help", "-h"]) {
      const ended = await run([flag])
      expect(ended.code).toBe(0)
      expect(ended.stdout).toMatch(/^Usage: faultline-simulators \[options\]/)
      for (const option of ["--port", "--certcentral-port", "--do-api-port", "--dpf-port", "--help"]) {
        expect(ended.stdout).toContain(option)
      }
      expect(ended.stderr).toBe("")
    }
  })

  it("rejects unknown flags, stray arguments and bad ports with a clear message and exit code 2", async () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
      [["--prot", "4000"], /Unknown option '--prot'/],
      [["serve"], /Unexpected argument 'serve'/],
      [["--port"], /--port.*argument missing/],
      [["--port", "http"], /--port must be a port number \(0 to 65535\), not "http"/],
      [["--do-api-port", "70000"], /--do-api-port must be a port number/],
      [["--port", "65534"], /--port 65534 leaves no room/]
    ]
    for (const [args, message] of cases) {
      const ended = await run(args)
      expect(ended.code).toBe(2)
      expect(ended.stdout).toBe("")
      expect(ended.stderr).toMatch(message)
      expect(ended.stderr).toContain("Try 'faultline-simulators --help'.")
    }
  })

  it("serves the three simulators on --port, --port + 1 and --port + 2", async () => {
    const port = await freePorts(3)
    const { banner } = await serve(["--port", String(port)])
    expect(banner).toContain(`CertCentral  http://127.0.0.1:${port}/services/v2/`)
    expect(banner).toContain(`DO-API       http://127.0.0.1:${port + 1}/r/20140601/`)
    expect(banner).toContain(`DPF-API      http://127.0.0.1:${port + 2}/dpf/v1`)
    const key = /X-DC-DEVKEY: (\S+)/.exec(banner)?.[1] ?? ""
    const answer = await fetch(`http://127.0.0.1:${port}/services/v2/order/certificate`, {
      headers: { "X-DC-DEVKEY": key }
    })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toMatchObject({ orders: [] })
  })

  it("stops on SIGTERM with exit code 0", async () => {
    const { child } = await serve([])
    const code = await new Promise<number | null>((resolve) => {
      child.once("close", resolve)
      child.kill("SIGTERM")
    })
    expect(code).toBe(0)
  })
})
