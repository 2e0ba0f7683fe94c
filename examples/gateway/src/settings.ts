import type { CertCentralOptions } from "@faultline/certcentral"
import type { RetryOptions } from "@faultline/core"
import type { DoApiOptions } from "@faultline/do-api"
import type { DpfOptions } from "@faultline/dpf"
import { certCentralConfigFromEnv } from "@faultline/certcentral"
import { doApiConfigFromEnv } from "@faultline/do-api"
import { dpfConfigFromEnv } from "@faultline/dpf"
import * as Config from "effect/Config"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { type DnsVendor, dnsVendors } from "./dns.js"
import type { TelemetrySettings } from "./telemetry.js"

/**
 * How the gateway reaches its upstreams: the options of the vendor clients, as they are. Only the DNS
 * vendor chosen by `GatewaySettings.dns` needs its options.
 */
export interface Upstreams {
  readonly certCentral: CertCentralOptions
  readonly doApi?: DoApiOptions | undefined
  readonly dpf?: DpfOptions | undefined
}

/** The gateway's own behaviour; every field has a default (see {@link defaultSettings}). */
export interface GatewaySettings {
  /** The CertCentral product ordered: a DV certificate validated by DNS TXT. */
  readonly product: string
  /** The DNS vendor publishing the `_dnsauth` TXT record: IIJ's DO-API or DPF-API. */
  readonly dns: DnsVendor
  /**
   * How long DigiCert is asked to check domain control while DNS catches up: `checks` check-dcv
   * calls in all, `interval` apart. When the TXT record is still not seen after the last one, the
   * order is answered 202 (pending), never lost.
   */
  readonly dcv: { readonly checks: number; readonly interval: Duration.Input }
  /** TTL of the `_dnsauth` TXT record (one of DO-API's: 300, 600, 3600, 28800, 43200; DPF-API takes it too). */
  readonly txtTtl: number
  /** Retry of both clients (core's `retryUpstream` options); their defaults when absent. */
  readonly retry?: RetryOptions | undefined
  /**
   * How long both clients wait after a lost answer (an order or DNS change sent, no answer) before
   * they look for what it did; their default (10 s) when absent. The simulators settle at once.
   */
  readonly reconcileSettle?: Duration.Input | undefined
  /**
   * A Redis shared by the gateway's replicas (`REDIS_URL`): CertCentral's rate budget and the order
   * ledger (progress and per-request lock) live there, so N replicas on one API key send within one
   * budget and the same request on two replicas places one order. Absent: both in this process.
   */
  readonly redisUrl?: string | undefined
  /** How long a replica that died keeps a request locked in Redis. Default 30 seconds. */
  readonly lockTtl?: Duration.Input | undefined
  /**
   * Export traces and metrics over OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`, see `telemetryConfig`).
   * Absent: spans and metrics stay in the process.
   */
  readonly telemetry?: TelemetrySettings | undefined
  /** Where the gateway logs upstream failures (one JSON-able object per failure). */
  readonly log: (entry: Record<string, unknown>) => void
}

export const defaultSettings: GatewaySettings = {
  product: "ssl_dv_geotrust",
  dns: "do-api",
  dcv: { checks: 6, interval: "5 seconds" },
  txtTtl: 300,
  log: (entry) => console.warn(JSON.stringify(entry))
}

/** `defaultSettings` with some fields replaced (`dcv` field by field). */
export const settingsWith = (overrides: Partial<GatewaySettings> = {}): GatewaySettings => ({
  ...defaultSettings,
  ...overrides,
  dcv: { ...defaultSettings.dcv, ...overrides.dcv }
})

/** How the gateway process runs, read from its environment by {@link serverConfig}. */
export interface ServerSettings {
  /** `PORT`, default 3000; 0 for any free port. */
  readonly port: number
  /** `HOST`, default 127.0.0.1. */
  readonly host: string
  /** `DNS_VENDOR`: `do-api` (default) or `dpf`. */
  readonly dns: DnsVendor
  /** `REDIS_URL`: replicas share CertCentral's rate budget and the order ledger there. */
  readonly redisUrl: string | undefined
  /** `LOCK_TTL` (e.g. `30 seconds`): how long a replica that died keeps a request locked. */
  readonly lockTtl: Duration.Duration | undefined
}

const optional = <A>(config: Config.Config<A>): Config.Config<A | undefined> =>
  config.pipe(Config.option, Config.map(Option.getOrUndefined))

/** The process's settings from the environment; a bad value fails with a `ConfigError` naming it. */
export const serverConfig: Config.Config<ServerSettings> = Config.all({
  // Config.Port's range (1 to 65535) plus 0, "any free port", which replicas and tests start with.
  port: Config.schema(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 65535 })), "PORT").pipe(
    Config.withDefault(3000)
  ),
  host: Config.String("HOST").pipe(Config.withDefault("127.0.0.1")),
  dns: Config.Literals(dnsVendors, "DNS_VENDOR").pipe(Config.withDefault<DnsVendor>("do-api")),
  redisUrl: optional(Config.URL("REDIS_URL").pipe(Config.map((url) => url.href))),
  lockTtl: optional(Config.Duration("LOCK_TTL"))
})

const credentialVariables: Record<DnsVendor, ReadonlyArray<string>> = {
  "do-api": ["CERTCENTRAL_API_KEY", "DOAPI_ACCESS_KEY", "DOAPI_SECRET_KEY"],
  dpf: ["CERTCENTRAL_API_KEY", "DPF_TOKEN"]
}

/** Some but not all of a vendor's credentials are set: refused at startup. */
export class PartialCredentials extends Error {
  override readonly name = "PartialCredentials"
}

/**
 * Which upstreams the environment asks for: `"simulators"` when none of the vendor credentials is
 * set, the real APIs (the vendor packages' `*ConfigFromEnv`, secrets read with `Config.Redacted`:
 * `CERTCENTRAL_API_KEY`, `CERTCENTRAL_BASE_URL`; for DO-API `DOAPI_ACCESS_KEY`, `DOAPI_SECRET_KEY`,
 * `DOAPI_SERVICE_CODE`, `DOAPI_BASE_URL`; for DPF-API `DPF_TOKEN`, `DPF_BASE_URL`) when all of the
 * chosen vendor's are. Some but not all is a mistake, refused with {@link PartialCredentials}.
 */
export const upstreamsConfig = (
  dns: DnsVendor
): Effect.Effect<Upstreams | "simulators", Config.ConfigError | PartialCredentials> =>
  Effect.gen(function* () {
    const wanted = credentialVariables[dns]
    const values = yield* Config.all(wanted.map((name) => optional(Config.Redacted(name))))
    const set = wanted.filter((_, i) => {
      const value = values[i]
      return value !== undefined && Redacted.value(value) !== ""
    })
    if (set.length === 0) return "simulators" as const
    if (set.length < wanted.length) {
      const missing = wanted.filter((name) => !set.includes(name))
      return yield* Effect.fail(
        new PartialCredentials(
          `Set all of ${wanted.join(", ")} to use the real APIs, or none to use the simulators; missing: ${missing.join(", ")}`
        )
      )
    }
    const certCentral = yield* Config.unwrap(certCentralConfigFromEnv)
    return dns === "dpf"
      ? { certCentral, dpf: yield* Config.unwrap(dpfConfigFromEnv) }
      : { certCentral, doApi: yield* Config.unwrap(doApiConfigFromEnv) }
  })
