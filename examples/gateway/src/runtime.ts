import { CertCentral } from "@faultline/certcentral"
import { NodeRedis } from "@effect/platform-node"
import { InvalidOptionError, RollingWindowLimiter } from "@faultline/core"
import { DoApi } from "@faultline/do-api"
import { Dpf } from "@faultline/dpf"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { RedisError } from "effect/persistence/Redis"
import { Certificates } from "./certificates.js"
import { Dns } from "./dns.js"
import * as Ledger from "./ledger.js"
import * as LedgerRedis from "./ledgerRedis.js"
import type { GatewaySettings, Upstreams } from "./settings.js"
import { metricRegistryLayer, telemetryLayer } from "./telemetry.js"

/** The gateway's services, built once for the process (one client, one rate limiter per vendor). */
export type GatewayRuntime = ManagedRuntime.ManagedRuntime<Certificates, InvalidOptionError | RedisError>

// The chosen DNS vendor's client under the Dns service; its options missing fail the start.
const dnsLayer = (upstreams: Upstreams, settings: GatewaySettings, common: object) => {
  const missing = (option: string) =>
    Layer.effect(
      Dns,
      Effect.fail(
        new InvalidOptionError({
          module: "@faultline/example-gateway",
          option: `upstreams.${option}`,
          problem: `is required when settings.dns is "${settings.dns}"`
        })
      )
    )
  if (settings.dns === "dpf") {
    return upstreams.dpf === undefined
      ? missing("dpf")
      : Dns.layerDpf.pipe(Layer.provide(Dpf.layer({ ...upstreams.dpf, ...common })))
  }
  return upstreams.doApi === undefined
    ? missing("doApi")
    : Dns.layerDoApi.pipe(Layer.provide(DoApi.layer({ ...upstreams.doApi, ...common })))
}

export const gatewayLayer = (upstreams: Upstreams, settings: GatewaySettings) => {
  const settle = settings.reconcileSettle
  const common = {
    ...(settings.retry !== undefined ? { retry: settings.retry } : {}),
    ...(settle !== undefined ? { reconcile: { settle } } : {})
  }
  const certCentralOptions = { ...upstreams.certCentral, ...common }
  const dns = dnsLayer(upstreams, settings, common)
  if (settings.redisUrl === undefined) {
    const clients = Layer.mergeAll(CertCentral.layer(certCentralOptions), dns).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    return Certificates.layer(settings).pipe(Layer.provide(clients), Layer.provide(Ledger.layerMemory))
  }
  // Replicas: one Redis connection for CertCentral's shared budget and the order ledger. Commands
  // fail at once while Redis is away (no offline queue): the limiter fails closed, the ledger 503s.
  const redis = NodeRedis.layer({ url: settings.redisUrl, disableOfflineQueue: true })
  const certCentral = Layer.effect(CertCentral, CertCentral.make(certCentralOptions)).pipe(
    Layer.provide(RollingWindowLimiter.layerRedis())
  )
  const lockTtl = Duration.fromInputUnsafe(settings.lockTtl ?? "30 seconds")
  return Certificates.layer(settings).pipe(
    Layer.provide(Layer.mergeAll(certCentral, dns, LedgerRedis.layerRedis({ lockTtl }))),
    Layer.provide(Layer.mergeAll(FetchHttpClient.layer, redis))
  )
}

export const gatewayRuntime = (upstreams: Upstreams, settings: GatewaySettings): GatewayRuntime => {
  // With telemetry, the runtime holds effect's OTLP tracer and metrics exporter (flushed on dispose)
  // over a metric registry of its own, which the vendor clients' metrics are recorded in.
  const services =
    settings.telemetry === undefined
      ? gatewayLayer(upstreams, settings)
      : gatewayLayer(upstreams, settings).pipe(Layer.provideMerge(telemetryLayer(settings.telemetry)))
  return ManagedRuntime.make(services.pipe(Layer.provideMerge(metricRegistryLayer)))
}
