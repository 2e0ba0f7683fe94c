import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** A `redis-server` of its own on a free loopback port, for tests and benchmarks. */
export interface RedisServerHandle {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Stops the server (SIGTERM: it writes its append-only file first); the data stays. */
  readonly stop: () => Promise<void>
  /** Starts it again on the same port and data (after `stop`). */
  readonly restart: () => Promise<void>
  /** Stops it and removes its data. */
  readonly close: () => Promise<void>
}

export interface RedisServerOptions {
  /** The binary; default `redis-server` on the PATH (Debian's `redis-server` package). */
  readonly command?: string | undefined
  /** Keep an append-only file so a restart keeps the data (default true, `appendfsync always`). */
  readonly persist?: boolean | undefined
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

const launch = (command: string, args: ReadonlyArray<string>): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`redis-server did not start within 10 s: ${output.slice(-500)}`))
    }, 10_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        child.stdout?.off("data", onData)
        child.stdout?.resume()
        child.stderr?.resume()
        resolve(child)
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("error", (error) => {
      clearTimeout(timer)
      reject(
        new Error(
          `redis-server could not be run (${error.message}); install it (apt-get install redis-server)`
        )
      )
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`))
    })
  })

const stopped = (child: ChildProcess | undefined): Promise<void> =>
  new Promise((resolve) => {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once("exit", () => resolve())
    child.kill("SIGTERM")
  })

/**
 * Starts `redis-server` on 127.0.0.1 and a free port, with its data in a fresh temporary folder
 * (no config file, no disk snapshots; an append-only file unless `persist: false`).
 */
export const startRedisServer = async (options: RedisServerOptions = {}): Promise<RedisServerHandle> => {
  const command = options.command ?? "redis-server"
  const dir = mkdtempSync(join(tmpdir(), "faultline-redis-"))
  const port = await freePort()
  const persist = options.persist ?? true
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    persist ? "yes" : "no",
    "--appendfsync",
    "always",
    "--protected-mode",
    "yes"
  ]
  let child: ChildProcess | undefined = await launch(command, args)
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await stopped(child)
      child = undefined
    },
    restart: async () => {
      await stopped(child)
      child = await launch(command, args)
    },
    close: async () => {
      await stopped(child)
      child = undefined
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
