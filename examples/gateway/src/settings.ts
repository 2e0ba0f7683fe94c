import type { CertCentralOptions } from "@faultline/certcentral"
import type { RetryOptions } from "@faultline/core"
import type { DoApiOptions } from "@faultline/do-api"
import type { DpfOptions } from "@faultline/dpf"
import type * as Duration from "effect/Duration"
import type { DnsVendor } from "./dns.js"
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
