import { CertCentral, certCentralConfigFromEnv } from "@faultline/certcentral"
import type { InvalidOptionError } from "@faultline/core"
import { DoApi, doApiConfigFromEnv } from "@faultline/do-api"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { Certificates } from "./certificates.js"
import type { GatewaySettings, Upstreams } from "./settings.js"

/** The gateway's services, built once for the process (one client, one rate limiter per vendor). */
export type GatewayRuntime = ManagedRuntime.ManagedRuntime<Certificates, InvalidOptionError>

export const gatewayLayer = (upstreams: Upstreams, settings: GatewaySettings) => {
  const retry = settings.retry !== undefined ? { retry: settings.retry } : {}
  const settle = settings.reconcileSettle
  const clients = Layer.mergeAll(
    CertCentral.layer({
      ...upstreams.certCentral,
      ...retry,
      ...(settle !== undefined ? { reconcile: { settle } } : {})
    }),
    DoApi.layer({ ...upstreams.doApi, ...retry, ...(settle !== undefined ? { reconcile: { settle } } : {}) })
  ).pipe(Layer.provide(FetchHttpClient.layer))
  return Certificates.layer(settings).pipe(Layer.provide(clients))
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
