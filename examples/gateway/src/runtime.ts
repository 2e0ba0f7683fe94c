import { CertCentral, certCentralConfigFromEnv } from "@faultline/certcentral"
import { NodeRedis } from "@effect/platform-node"
import { type InvalidOptionError, RollingWindowLimiter } from "@faultline/core"
import { DoApi, doApiConfigFromEnv } from "@faultline/do-api"
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { RedisError } from "effect/persistence/Redis"
import { Certificates } from "./certificates.js"
import * as Ledger from "./ledger.js"
import * as LedgerRedis from "./ledgerRedis.js"
import type { GatewaySettings, Upstreams } from "./settings.js"

/** The gateway's services, built once for the process (one client, one rate limiter per vendor). */
export type GatewayRuntime = ManagedRuntime.ManagedRuntime<Certificates, InvalidOptionError | RedisError>

export const gatewayLayer = (upstreams: Upstreams, settings: GatewaySettings) => {
  const retry = settings.retry !== undefined ? { retry: settings.retry } : {}
  const settle = settings.reconcileSettle
  const certCentralOptions = {
    ...upstreams.certCentral,
    ...retry,
    ...(settle !== undefined ? { reconcile: { settle } } : {})
  }
  const doApi = DoApi.layer({
    ...upstreams.doApi,
    ...retry,
    ...(settle !== undefined ? { reconcile: { settle } } : {})
  })
  if (settings.redisUrl === undefined) {
    const clients = Layer.mergeAll(CertCentral.layer(certCentralOptions), doApi).pipe(
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
    Layer.provide(Layer.mergeAll(certCentral, doApi, LedgerRedis.layerRedis({ lockTtl }))),
    Layer.provide(Layer.mergeAll(FetchHttpClient.layer, redis))
  )
}

export const gatewayRuntime = (upstreams: Upstreams, settings: GatewaySettings): GatewayRuntime =>
  ManagedRuntime.make(gatewayLayer(upstreams, settings))

const credentialVariables = ["CERTCENTRAL_API_KEY", "DOAPI_ACCESS_KEY", "DOAPI_SECRET_KEY"] as const

/**
 * Which upstreams the environment asks for: `"simulators"` when none of the vendor credentials is
 * set, the real APIs (the vendor packages' `*ConfigFromEnv`: `CERTCENTRAL_API_KEY`,
 * `CERTCENTRAL_BASE_URL`, `DOAPI_ACCESS_KEY`, `DOAPI_SECRET_KEY`, `DOAPI_SERVICE_CODE`,
 * `DOAPI_BASE_URL`) when all are. Some but not all is a mistake, refused at startup.
 */
export const upstreamsFromEnv = async (): Promise<Upstreams | "simulators"> => {
  const set = credentialVariables.filter((name) => (process.env[name] ?? "") !== "")
  if (set.length === 0) return "simulators"
  if (set.length < credentialVariables.length) {
    const missing = credentialVariables.filter((name) => !set.includes(name))
    throw new Error(
      `Set all of ${credentialVariables.join(", ")} to use the real APIs, or none to use the simulators; missing: ${missing.join(", ")}`
    )
  }
  return Effect.runPromise(
    Effect.all({
      certCentral: Config.unwrap(certCentralConfigFromEnv),
      doApi: Config.unwrap(doApiConfigFromEnv)
    })
  )
}
