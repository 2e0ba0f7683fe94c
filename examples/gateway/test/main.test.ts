// The gateway's process edge: flags through parseArgs, settings through Config. The built
// `dist/main.js`, spawned as a user runs it.
import { type ChildProcess, execFile, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { afterEach, describe, expect, it } from "vitest"
import { serverConfig } from "../src/settings.js"

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
const running: Array<ChildProcess> = []
afterEach(() => {
  for (const child of running.splice(0)) child.kill("SIGTERM")
})

// Only what the test sets: no vendor credentials from the machine's environment.
const env = (vars: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...vars })

const run = (args: ReadonlyArray<string>, vars: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [main, ...args], { env: env(vars) }, (error, stdout, stderr) =>
      resolve({
        code: error === null ? 0 : typeof error.code === "number" ? error.code : null,
        stdout,
        stderr
      })
    )
  })

const read = (vars: Record<string, string>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      return yield* serverConfig
    }).pipe(Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromUnknown(vars)))
  )

describe("the gateway's settings (Config)", () => {
  it("reads PORT, HOST, DNS_VENDOR, REDIS_URL and LOCK_TTL, with defaults", async () => {
    expect(await read({})).toEqual({
      port: 3000,
      host: "127.0.0.1",
      dns: "do-api",
      redisUrl: undefined,
      lockTtl: undefined
    })
    const set = await read({
      PORT: "8080",
      HOST: "0.0.0.0",
      DNS_VENDOR: "dpf",
      REDIS_URL: "redis://127.0.0.1:6390",
      LOCK_TTL: "2 seconds"
    })
    expect(set).toMatchObject({ port: 8080, host: "0.0.0.0", dns: "dpf", redisUrl: "redis://127.0.0.1:6390" })
    expect(Duration.toMillis(set.lockTtl ?? Duration.zero)).toBe(2000)
  })

  it("refuses a bad value, naming the variable", async () => {
    for (const [name, value] of [
      ["PORT", "http"],
      ["PORT", "70000"],
      ["DNS_VENDOR", "route53"],
      ["REDIS_URL", "not a url"],
      ["LOCK_TTL", "soon"]
    ] as const) {
      await expect(read({ [name]: value })).rejects.toMatchObject({ message: expect.stringContaining(name) })
    }
  })
})

describe("node dist/main.js", () => {
  it("prints its usage for --help and exits 0", async () => {
    const ended = await run(["--help"])
    expect(ended.code).toBe(0)
    expect(ended.stdout).toMatch(/^Usage: node dist\/main\.js \[--nest\]/)
  })

  it("refuses an unknown flag with exit code 2, and a bad variable with its name", async () => {
    const flag = await run(["--nset"])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain("Unknown option '--nset'")
    const port = await run([], { PORT: "http" })
    expect(port.code).toBe(1)
    expect(port.stderr).toContain('["PORT"]')
    const partial = await run([], { CERTCENTRAL_API_KEY: "key" })
    expect(partial.code).toBe(1)
    expect(partial.stderr).toContain("missing: DOAPI_ACCESS_KEY, DOAPI_SECRET_KEY")
  })

  it("serves on the simulators when no credential is set, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [main], {
      env: env({ PORT: "0", HOST: "127.0.0.1" }),
      stdio: ["ignore", "pipe", "pipe"]
    })
    running.push(child)
    const url = await new Promise<string>((resolve, reject) => {
      let out = ""
      child.stdout?.on("data", (chunk) => {
        out += chunk
        const found = /listening on (http:\/\/\S+)/.exec(out)?.[1]
        if (found !== undefined && out.includes("simulator")) resolve(found)
      })
      child.once("close", (code) => reject(new Error(`exited ${code}`)))
    })
    const answer = await fetch(`${url}/certificates/4242`)
    expect(answer.status).toBe(404)
    expect(answer.headers.get("content-type")).toContain("application/problem+json")
    const code = await new Promise<number | null>((resolve) => {
      child.once("close", resolve)
      child.kill("SIGTERM")
    })
    expect(code).toBe(0)
  })
})
