// The gateway as a service: `node dist/main.js [--nest]`. Real APIs when the vendor credentials are
// set in the environment, else the simulators in-process. Its settings come from the environment
// through `Config` (settings.ts: PORT, HOST, DNS_VENDOR, REDIS_URL, LOCK_TTL and the vendors'
// credentials, secrets `Redacted`), its flags from `parseArgs`. OTEL_EXPORTER_OTLP_ENDPOINT: traces and
// metrics exported over OTLP/HTTP there (OTEL_EXPORTER_OTLP_PROTOCOL http/protobuf or http/json,
// OTEL_SERVICE_NAME, OTEL_SDK_DISABLED; telemetry.ts).
import { parseArgs } from "node:util"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import { type Framework, startGateway } from "./gateway.js"
import { serverConfig, settingsWith, upstreamsConfig } from "./settings.js"
import { telemetryConfig } from "./telemetry.js"
import { type Simulators, startSimulators } from "./simulators.js"

const usage = `Usage: node dist/main.js [--nest]

The certificate gateway (POST /certificates, GET /certificates/:id) on Express, or on Nest with
--nest. Environment: PORT (3000), HOST (127.0.0.1), DNS_VENDOR (do-api or dpf), REDIS_URL and
LOCK_TTL for replicas, OTEL_EXPORTER_OTLP_ENDPOINT (with OTEL_EXPORTER_OTLP_PROTOCOL,
OTEL_SERVICE_NAME, OTEL_SDK_DISABLED) to export traces and metrics over OTLP/HTTP, and the vendors'
credentials (CERTCENTRAL_API_KEY, DOAPI_ACCESS_KEY, DOAPI_SECRET_KEY or DPF_TOKEN, ...): none set
runs the simulators in-process.

Options:
  --nest      the Nest twin instead of Express
  -h, --help  print this help and exit
`

/** A usage error: exit code 2. */
class UsageError extends Error {}

const flags = () => {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: { nest: { type: "boolean" }, help: { type: "boolean", short: "h" } }
    }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

const main = async (): Promise<void> => {
  const { nest, help } = flags()
  if (help === true) {
    process.stdout.write(usage)
    return
  }
  const framework: Framework = nest === true ? "nest" : "express"
  const server = await Effect.runPromise(
    Effect.gen(function* () {
      return yield* serverConfig
    })
  )
  const fromEnv = await Effect.runPromise(upstreamsConfig(server.dns))
  const simulators: Simulators | undefined =
    fromEnv === "simulators" ? await startSimulators({ dns: server.dns }) : undefined
  const upstreams = simulators?.upstreams ?? (fromEnv === "simulators" ? undefined : fromEnv)
  if (upstreams === undefined) throw new Error("no upstreams")
  const telemetry = await Effect.runPromise(
    Effect.gen(function* () {
      return yield* telemetryConfig
    })
  )
  const shared = {
    dns: server.dns,
    ...(telemetry !== undefined ? { telemetry } : {}),
    ...(server.redisUrl !== undefined ? { redisUrl: server.redisUrl } : {}),
    ...(server.lockTtl !== undefined ? { lockTtl: server.lockTtl } : {})
  }
  // On the simulators DNS is instant: a short DCV budget. Against DigiCert, the default (6 checks,
  // 5 s apart); a name still pending after it is answered 202 and resumed by the same request.
  const settings =
    simulators !== undefined
      ? settingsWith({ ...shared, dcv: { checks: 4, interval: "250 millis" }, reconcileSettle: "100 millis" })
      : settingsWith(shared)
  const gateway = await startGateway({
    framework,
    upstreams,
    settings,
    port: server.port,
    host: server.host,
    nestLogger: true
  })
  // Ready for a signal before the first line says we listen: whoever reads it may stop us at once.
  const stop = async () => {
    await gateway.close()
    await simulators?.close()
    process.exit(0)
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  console.log(`certificate gateway (${framework}) listening on ${gateway.url}`)
  if (telemetry !== undefined)
    console.log(`  traces and metrics exported to ${telemetry.endpoint} (${telemetry.protocol})`)
  if (settings.redisUrl !== undefined)
    console.log("  shared rate budget and order ledger in Redis (REDIS_URL)")
  const vendor = server.dns === "dpf" ? "DPF-API" : "DO-API"
  if (simulators !== undefined) {
    console.log(`  CertCentral simulator ${simulators.certCentral.url}`)
    console.log(`  ${`${vendor} simulator`.padEnd(21)} ${simulators.dns.url} (zone example.jp)`)
  } else {
    console.log(`  upstreams: CertCentral and ${vendor} from the environment`)
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\nTry --help.`)
    process.exit(2)
  }
  // A ConfigError (a bad environment variable) is no Error but has a message naming the variable.
  console.error(error instanceof Error || error instanceof Config.ConfigError ? error.message : error)
  process.exit(1)
})
