// The gateway as a service: `node dist/main.js [--nest]`. Real APIs when the vendor credentials are
// set in the environment, else both simulators in-process. DNS_VENDOR (do-api, the default, or dpf),
// PORT (default 3000), HOST (default 127.0.0.1). REDIS_URL: replicas share CertCentral's rate budget
// and the order ledger there; LOCK_TTL (default "30 seconds"): how long a replica that died keeps a
// request locked. OTEL_EXPORTER_OTLP_ENDPOINT: traces and metrics exported over OTLP/HTTP there
// (OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf or http/json, OTEL_SERVICE_NAME, OTEL_SDK_DISABLED).
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { type Framework, startGateway } from "./gateway.js"
import { dnsVendorFromEnv, upstreamsFromEnv } from "./runtime.js"
import { settingsWith } from "./settings.js"
import { telemetryConfig } from "./telemetry.js"
import { type Simulators, startSimulators } from "./simulators.js"

const port = (value: string | undefined): number => {
  const n = Number(value ?? "3000")
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be a port number, not ${value}`)
  return n
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value === "" ? undefined : value

const main = async (): Promise<void> => {
  const framework: Framework = process.argv.includes("--nest") ? "nest" : "express"
  const dns = dnsVendorFromEnv()
  const fromEnv = await upstreamsFromEnv(dns)
  const simulators: Simulators | undefined =
    fromEnv === "simulators" ? await startSimulators({ dns }) : undefined
  const upstreams = simulators?.upstreams ?? (fromEnv === "simulators" ? undefined : fromEnv)
  const telemetry = await Effect.runPromise(
    Effect.gen(function* () {
      return yield* telemetryConfig
    })
  )
  if (upstreams === undefined) throw new Error("no upstreams")
  // On the simulators DNS is instant: a short DCV budget. Against DigiCert, the default (6 checks,
  // 5 s apart); a name still pending after it is answered 202 and resumed by the same request.
  const shared = {
    ...(nonEmpty(process.env.REDIS_URL) !== undefined ? { redisUrl: process.env.REDIS_URL } : {}),
    ...(nonEmpty(process.env.LOCK_TTL) !== undefined
      ? { lockTtl: process.env.LOCK_TTL as Duration.Input }
      : {}),
    ...(telemetry !== undefined ? { telemetry } : {})
  }
  const settings =
    simulators !== undefined
      ? settingsWith({
          dns,
          dcv: { checks: 4, interval: "250 millis" },
          reconcileSettle: "100 millis",
          ...shared
        })
      : settingsWith({ dns, ...shared })
  const gateway = await startGateway({
    framework,
    upstreams,
    settings,
    port: port(process.env.PORT),
    host: process.env.HOST ?? "127.0.0.1",
    nestLogger: true
  })
  console.log(`certificate gateway (${framework}) listening on ${gateway.url}`)
  if (telemetry !== undefined)
    console.log(`  traces and metrics exported to ${telemetry.endpoint} (${telemetry.protocol})`)
  if (settings.redisUrl !== undefined)
    console.log("  shared rate budget and order ledger in Redis (REDIS_URL)")
  if (simulators !== undefined) {
    console.log(`  CertCentral simulator ${simulators.certCentral.url}`)
    const vendor = dns === "dpf" ? "DPF-API" : "DO-API"
    console.log(`  ${`${vendor} simulator`.padEnd(21)} ${simulators.dns.url} (zone example.jp)`)
  } else {
    console.log(`  upstreams: CertCentral and ${dns === "dpf" ? "DPF-API" : "DO-API"} from the environment`)
  }
  const stop = async () => {
    await gateway.close()
    await simulators?.close()
    process.exit(0)
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
