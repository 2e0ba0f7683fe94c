import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { doApiError, makeDoApiApi, type SimulatedRecord } from "./doApiApi.js"
import { clientOptions, type DoApiClientOptions } from "./clientOptions.js"
import { doApiErrorRows } from "./doApiFixtures.js"
import { type DoApiCredentials, verifyDoApiSignature } from "./doApiSignature.js"
import {
  checkKnownKeys,
  checkNonNegativeInteger,
  checkNow,
  checkObject,
  checkPort,
  checkStrings
} from "./options.js"
import { statusOnly } from "./Reply.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"
import type { SimulatorStartError } from "./SimulatorStartError.js"
import { handleOf } from "./handleOf.js"
import { scopedSimulator } from "./simulatorService.js"
import { startServer } from "./server.js"

export interface DoApiSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (the OS picks one). */
  readonly port?: number | undefined
  /** Accepted key pairs; default one test pair (see the handle's `accessKey` / `secretKey`). */
  readonly credentials?: ReadonlyArray<DoApiCredentials> | undefined
  /** The service code in the path; default `do00000001`. */
  readonly serviceCode?: string | undefined
  /** The zones of the service; default `["example.jp"]`. */
  readonly zones?: ReadonlyArray<string> | undefined
  /**
   * Further service codes of the same account, each with its own zones (the credentials serve them
   * all; a zone belongs to one service); default none. `serviceCode` and `zones` are the first service.
   */
  readonly otherServices?:
    | ReadonlyArray<{ readonly serviceCode: string; readonly zones: ReadonlyArray<string> }>
    | undefined
  /** How long (by `now`) a commit runs, answering RequestRunning meanwhile; default 0. */
  readonly commitMillis?: number | undefined
  /** The clock (epoch ms) for Expire checks and commit duration; default `Date.now`. */
  readonly now?: (() => number) | undefined
}

export interface DoApiSimulatorHandle extends SimulatorHandle {
  readonly credentials: ReadonlyArray<DoApiCredentials>
  /** The first credential pair. */
  readonly accessKey: string
  readonly secretKey: string
  readonly serviceCode: string
  readonly zones: ReadonlyArray<string>
  /**
   * `{ baseUrl, serviceCode, accessKey, secretKey }` (the keys `Redacted`) for the DO-API client:
   * `DoApi.make(handle.clientOptions)`.
   */
  readonly clientOptions: DoApiClientOptions
  /** The committed TXT values at a full name: pass it as CertCentral's `resolveTxt` for real DCV. */
  readonly resolveTxt: (name: string) => ReadonlyArray<string>
  /** The zone's records as `records/DETAIL` lists them, pending ones included. */
  readonly records: (zone: string) => ReadonlyArray<SimulatedRecord>
}

const where = "startDoApiSimulator"
const known = ["port", "credentials", "serviceCode", "zones", "otherServices", "commitMillis", "now"]

const checkServiceCode = (name: string, value: unknown): string => {
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new TypeError(`${where}: option "${name}" must be letters, digits, '-' or '_'`)
  }
  return value
}

const checkOtherServices = (
  value: unknown
): ReadonlyArray<{ readonly serviceCode: string; readonly zones: ReadonlyArray<string> }> => {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    throw new TypeError(`${where}: option "otherServices" must be an array of { serviceCode, zones }`)
  }
  return value.map((service: unknown, i) => {
    const name = `otherServices[${i}]`
    if (typeof service !== "object" || service === null) {
      throw new TypeError(`${where}: option "${name}" must be an object { serviceCode, zones }`)
    }
    checkKnownKeys(`${where}: option "${name}"`, service, ["serviceCode", "zones"])
    const { serviceCode, zones } = service as { serviceCode?: unknown; zones?: unknown }
    return {
      serviceCode: checkServiceCode(`${name}.serviceCode`, serviceCode),
      zones: checkStrings(where, `${name}.zones`, zones ?? [], [])
    }
  })
}

const checkCredentials = (value: unknown): ReadonlyArray<DoApiCredentials> => {
  if (value === undefined) {
    return [{ accessKey: "DOAPI-TEST-ACCESS-KEY", secretKey: "doapi-test-secret-do-not-log" }]
  }
  const ok =
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (c) =>
        typeof c === "object" &&
        c !== null &&
        Object.keys(c).every((k) => k === "accessKey" || k === "secretKey") &&
        typeof c.accessKey === "string" &&
        /^[^:\s]+$/.test(c.accessKey) &&
        typeof c.secretKey === "string" &&
        c.secretKey.length > 0
    )
  if (!ok) {
    throw new TypeError(
      `${where}: option "credentials" must be a non-empty array of { accessKey, secretKey } strings (no ':' or spaces in accessKey)`
    )
  }
  return value.map((c) => ({ accessKey: c.accessKey, secretKey: c.secretKey }))
}

/** Starts a DO-API simulator on 127.0.0.1; rejects with a TypeError for bad options. */
export const startDoApiSimulator = async (options?: DoApiSimulatorOptions): Promise<DoApiSimulatorHandle> => {
  const given = checkObject(where, options) as DoApiSimulatorOptions
  checkKnownKeys(where, given, known)
  const port = checkPort(where, given.port)
  const credentials = checkCredentials(given.credentials)
  const serviceCode = checkServiceCode("serviceCode", given.serviceCode ?? "do00000001")
  const zones = checkStrings(where, "zones", given.zones, ["example.jp"])
  const services = [{ serviceCode, zones }, ...checkOtherServices(given.otherServices)]
  const codes = services.map((s) => s.serviceCode)
  if (new Set(codes).size !== codes.length) {
    throw new TypeError(`${where}: option "otherServices" repeats a service code`)
  }
  const allZones = services.flatMap((s) => s.zones.map((z) => z.toLowerCase()))
  if (new Set(allZones).size !== allZones.length) {
    throw new TypeError(`${where}: option "otherServices": a zone belongs to one service only`)
  }
  const commitMillis = checkNonNegativeInteger(where, "commitMillis", given.commitMillis, 0)
  const now = checkNow(where, given.now)
  const api = makeDoApiApi({ credentials, services, commitMillis, now })
  const server = await startServer({
    name: where,
    port,
    handle: api.handle,
    authenticated: (request) => verifyDoApiSignature(request, credentials, now()) === undefined,
    errorReply: (code) => {
      const row = doApiErrorRows.find(([, c]) => c === code)
      if (row === undefined) return undefined
      const [status, type, message, detail] = row
      return type.startsWith("http_") ? statusOnly(status) : doApiError(status, type, message, detail)
    }
  })
  const [first = { accessKey: "", secretKey: "" }] = credentials
  return Object.assign(handleOf(server), {
    credentials,
    accessKey: first.accessKey,
    secretKey: first.secretKey,
    serviceCode,
    zones,
    clientOptions: clientOptions(
      { baseUrl: server.origin, serviceCode },
      { accessKey: first.accessKey, secretKey: first.secretKey }
    ),
    resolveTxt: api.resolveTxt,
    records: api.records
  })
}

/**
 * The simulator as an Effect service: `DoApiSimulator.scoped(options)` starts it for the scope,
 * `DoApiSimulator.layer(options)` provides it (closed with the layer).
 */
export class DoApiSimulator extends Context.Service<DoApiSimulator, DoApiSimulatorHandle>()(
  "@faultline/testing/DoApiSimulator"
) {
  static readonly scoped = (
    options?: DoApiSimulatorOptions
  ): Effect.Effect<DoApiSimulatorHandle, SimulatorStartError, Scope.Scope> =>
    scopedSimulator(() => startDoApiSimulator(options))

  static readonly layer = (
    options?: DoApiSimulatorOptions
  ): Layer.Layer<DoApiSimulator, SimulatorStartError> =>
    Layer.effect(DoApiSimulator, DoApiSimulator.scoped(options))
}
