import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import {
  basePath,
  certCentralError,
  defaultProducts,
  makeCertCentralApi,
  type SimulatedOrder,
  type TxtResolver
} from "./certCentralApi.js"
import { certCentralFixtures } from "./certCentralFixtures.js"
import { type CertCentralClientOptions, clientOptions } from "./clientOptions.js"
import { checkKnownKeys, checkNow, checkObject, checkPort, checkStrings } from "./options.js"
import { checkRateLimits, type RateLimit } from "./RollingWindows.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"
import type { SimulatorStartError } from "./SimulatorStartError.js"
import { handleOf } from "./handleOf.js"
import { scopedSimulator } from "./simulatorService.js"
import { startServer } from "./server.js"

export interface CertCentralSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (the OS picks one). */
  readonly port?: number | undefined
  /** Accepted `X-DC-DEVKEY` values; default `["certcentral-test-key"]`. */
  readonly apiKeys?: ReadonlyArray<string> | undefined
  /** Rolling windows per key; default 100 / 5 s and 1000 / 3 min. `[]` turns limiting off. */
  readonly rateLimits?: ReadonlyArray<RateLimit> | undefined
  /** TXT lookups for check-dcv (give it the DO-API simulator's `resolveTxt`); default: no records. */
  readonly resolveTxt?: TxtResolver | undefined
  /** Product identifiers accepted by order submit; default a few DV and OV products. */
  readonly products?: ReadonlyArray<string> | undefined
  /** The clock (epoch ms) for rate windows and dates; default `Date.now`. */
  readonly now?: (() => number) | undefined
  /**
   * Products whose orders still wait for organization validation after DCV passes: check-dcv answers
   * `order_status: "pending"` with `dcv_status: "valid"` (DigiCert's "Check order DCV" example) until
   * `issue(orderId)`. Default `[]`: every order issues once DCV passes, as for DV products or an
   * organization DigiCert has already validated.
   */
  readonly organizationValidation?: ReadonlyArray<string> | undefined
  /**
   * Products on which the simulator, like DigiCert, adds the other form of the common name to the
   * order's names (`www.<name>`, the base of `www.<name>`, the base domain of `*.<name>`). Default `[]`.
   */
  readonly addsNameVariant?: ReadonlyArray<string> | undefined
  /**
   * Whether order info (`GET order/certificate/{order_id}`) carries `dcv_random_value`. Default
   * `false`: no DigiCert page or public client shows it there; the value comes with the order's 201
   * and from `PUT order/certificate/{order_id}/dcv-random-value`.
   */
  readonly orderInfoDcvRandomValue?: boolean | undefined
}

export interface CertCentralSimulatorHandle extends SimulatorHandle {
  /** The accepted API keys; `apiKey` is the first. */
  readonly apiKeys: ReadonlyArray<string>
  readonly apiKey: string
  /**
   * `{ baseUrl, apiKey }` (the key `Redacted`) for the CertCentral client:
   * `CertCentral.make(handle.clientOptions)`.
   */
  readonly clientOptions: CertCentralClientOptions
  /** The orders received so far (live objects: read them, do not change them). */
  readonly orders: () => ReadonlyArray<SimulatedOrder>
  /**
   * Issues an order, as DigiCert does once an approver (or organization validation) clears it, DCV
   * or not; `false` for an unknown id.
   */
  readonly issue: (orderId: number) => boolean
}

const where = "startCertCentralSimulator"
const known = [
  "port",
  "apiKeys",
  "rateLimits",
  "resolveTxt",
  "products",
  "now",
  "organizationValidation",
  "addsNameVariant",
  "orderInfoDcvRandomValue"
]
const fixtureCodes = new Map(certCentralFixtures.map((f) => [f.code, f]))

// A list of product ids; unlike `products`, empty is allowed (no product behaves so).
const productSet = (name: string, value: unknown): ReadonlySet<string> =>
  new Set(
    value === undefined || (Array.isArray(value) && value.length === 0)
      ? []
      : checkStrings(where, name, value, [])
  )

/** Starts a CertCentral Services API simulator on 127.0.0.1; rejects with a TypeError for bad options. */
export const startCertCentralSimulator = async (
  options?: CertCentralSimulatorOptions
): Promise<CertCentralSimulatorHandle> => {
  const given = checkObject(where, options) as CertCentralSimulatorOptions
  checkKnownKeys(where, given, known)
  const port = checkPort(where, given.port)
  const apiKeys = checkStrings(where, "apiKeys", given.apiKeys, ["certcentral-test-key"])
  const rateLimits = checkRateLimits(where, given.rateLimits)
  const productIds = checkStrings(where, "products", given.products, Object.keys(defaultProducts))
  if (given.resolveTxt !== undefined && typeof given.resolveTxt !== "function") {
    throw new TypeError(`${where}: option "resolveTxt" must be a function`)
  }
  const now = checkNow(where, given.now)
  const organizationValidation = productSet("organizationValidation", given.organizationValidation)
  const addsNameVariant = productSet("addsNameVariant", given.addsNameVariant)
  if (given.orderInfoDcvRandomValue !== undefined && typeof given.orderInfoDcvRandomValue !== "boolean") {
    throw new TypeError(`${where}: option "orderInfoDcvRandomValue" must be a boolean`)
  }
  const products = Object.fromEntries(
    productIds.map((p) => [p, defaultProducts[p] ?? { name: p, type: "ssl_certificate" }])
  )
  const api = makeCertCentralApi({
    apiKeys,
    products,
    rateLimits,
    resolveTxt: given.resolveTxt,
    now,
    organizationValidation,
    addsNameVariant,
    orderInfoDcvRandomValue: given.orderInfoDcvRandomValue ?? false
  })
  const server = await startServer({
    name: where,
    port,
    handle: api.handle,
    authenticated: (request) => {
      const key = request.headers["x-dc-devkey"]
      return typeof key === "string" && apiKeys.includes(key)
    },
    errorReply: (code) => {
      const fixture = fixtureCodes.get(code)
      return fixture === undefined ? undefined : certCentralError(fixture.status, code)
    }
  })
  const url = `${server.origin}${basePath}`
  return Object.assign(handleOf(server, url), {
    apiKeys,
    apiKey: apiKeys[0] ?? "",
    clientOptions: clientOptions({ baseUrl: url }, { apiKey: apiKeys[0] ?? "" }),
    orders: api.orders,
    issue: api.issue
  })
}

/**
 * The simulator as an Effect service: `CertCentralSimulator.scoped(options)` starts it for the scope,
 * `CertCentralSimulator.layer(options)` provides it (closed with the layer).
 */
export class CertCentralSimulator extends Context.Service<CertCentralSimulator, CertCentralSimulatorHandle>()(
  "@faultline/testing/CertCentralSimulator"
) {
  static readonly scoped = (
    options?: CertCentralSimulatorOptions
  ): Effect.Effect<CertCentralSimulatorHandle, SimulatorStartError, Scope.Scope> =>
    scopedSimulator(() => startCertCentralSimulator(options))

  static readonly layer = (
    options?: CertCentralSimulatorOptions
  ): Layer.Layer<CertCentralSimulator, SimulatorStartError> =>
    Layer.effect(CertCentralSimulator, CertCentralSimulator.scoped(options))
}
