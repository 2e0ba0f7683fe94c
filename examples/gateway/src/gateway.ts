import type { AddressInfo } from "node:net"
import { createServer, type Server } from "node:http"
import { expressGateway } from "./express-app.js"
import { gatewayRuntime } from "./runtime.js"
import type { GatewaySettings, Upstreams } from "./settings.js"

export type Framework = "express" | "nest"
export const frameworks: ReadonlyArray<Framework> = ["express", "nest"]

export interface RunningGateway {
  readonly framework: Framework
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Stops listening and disposes the runtime (the vendor clients). */
  readonly close: () => Promise<void>
}

export interface StartOptions {
  readonly framework: Framework
  readonly upstreams: Upstreams
  readonly settings: GatewaySettings
  /** Default 0: a free port. */
  readonly port?: number | undefined
  /** Default 127.0.0.1. */
  readonly host?: string | undefined
  /** Nest's own logs (`false` in the demo and tests). */
  readonly nestLogger?: boolean | undefined
}

const listening = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port))
  })

const urlOf = (host: string, port: number): string =>
  `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`

/** Builds the runtime, then the Express or Nest app over it, and listens on 127.0.0.1. */
export const startGateway = async (options: StartOptions): Promise<RunningGateway> => {
  const runtime = gatewayRuntime(options.upstreams, options.settings)
  // Build the clients now, so a bad option fails the start instead of the first request.
  await runtime.context()
  const port = options.port ?? 0
  const host = options.host ?? "127.0.0.1"
  if (options.framework === "express") {
    const real = createServer(expressGateway(runtime, options.settings))
    const bound = await listening(real, port, host)
    return {
      framework: "express",
      url: urlOf(host, bound),
      close: async () => {
        real.closeAllConnections()
        await new Promise<void>((resolve) => real.close(() => resolve()))
        await runtime.dispose()
      }
    }
  }
  // Loaded only when asked for: Nest takes a second or two to import.
  const { nestGateway } = await import("./nest-app.js")
  const app = await nestGateway(runtime, options.settings, {
    logger: options.nestLogger === true ? undefined : false
  })
  await app.listen(port, host)
  const bound = (app.getHttpServer().address() as AddressInfo).port
  return {
    framework: "nest",
    url: urlOf(host, bound),
    close: async () => {
      app.getHttpServer().closeAllConnections()
      await app.close()
      await runtime.dispose()
    }
  }
}
