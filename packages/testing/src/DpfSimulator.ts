import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import {
  type DpfJobView,
  type DpfListedRecord,
  type DpfZone,
  dpfAuthenticated,
  dpfBasePath,
  dpfError,
  dpfParameterError,
  makeDpfApi,
  newDpfRequestId
} from "./dpfApi.js"
import { dpfDetailErrors, dpfDetailCode, dpfPlainErrors, dpfProxyFixtures } from "./dpfFixtures.js"
import {
  checkKnownKeys,
  checkNonNegativeInteger,
  checkNow,
  checkObject,
  checkPort,
  checkStrings
} from "./options.js"
import { clientOptions, type DpfClientOptions } from "./clientOptions.js"
import type { Reply } from "./Reply.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"
import type { SimulatorStartError } from "./SimulatorStartError.js"
import { handleOf } from "./handleOf.js"
import { scopedSimulator } from "./simulatorService.js"
import { startServer } from "./server.js"

export interface DpfSimulatorOptions {
  /** Port on 127.0.0.1; default 0 (the OS picks one). */
  readonly port?: number | undefined
  /** Accepted bearer tokens; default one test token (the handle's `token`). */
  readonly tokens?: ReadonlyArray<string> | undefined
  /** The contract's zones, by name; default `["example.jp"]`. Ids and service codes are assigned. */
  readonly zones?: ReadonlyArray<string> | undefined
  /** How long (by `now`) every job stays RUNNING; default 0. */
  readonly jobMillis?: number | undefined
  /**
   * How many polls of `GET jobs/{id}` answer RUNNING before the job may complete; default 0. A job
   * nobody polls then never completes: model a lost 202 answer with `jobMillis` instead.
   */
  readonly jobRunningPolls?: number | undefined
  /** The clock (epoch ms) for `jobMillis`; default `Date.now`. */
  readonly now?: (() => number) | undefined
}

export interface DpfSimulatorHandle extends SimulatorHandle {
  /** The base URL with `/dpf/v1` (as `https://api.dns-platform.jp/dpf/v1`). */
  readonly url: string
  readonly tokens: ReadonlyArray<string>
  /** The first token: send it as `Authorization: Bearer <token>`. */
  readonly token: string
  /** `{ baseUrl, token }` (the token `Redacted`) for the DPF-API client: `Dpf.make(handle.clientOptions)`. */
  readonly clientOptions: DpfClientOptions
  /** The zones with their assigned ids (`m` + 13 digits) and service codes (`dpm` + 8 digits). */
  readonly zones: ReadonlyArray<DpfZone>
  /** The id of a zone by name (final dot optional, case-insensitive). */
  readonly zoneId: (name: string) => string | undefined
  /** The applied TXT values at a full name: pass it as CertCentral's `resolveTxt` for real DCV. */
  readonly resolveTxt: (name: string) => ReadonlyArray<string>
  /** A zone's records (by name or id) as `GET zones/{id}/records` lists them, with their states. */
  readonly records: (zone: string) => ReadonlyArray<DpfListedRecord>
  /** A zone's records as `GET zones/{id}/records/currents` lists them (applied only). */
  readonly currents: (zone: string) => ReadonlyArray<DpfListedRecord>
  /** Every job accepted so far, as `GET jobs/{id}` answers it now. */
  readonly jobs: () => ReadonlyArray<DpfJobView>
  /**
   * The next asynchronous request accepted gets a job that ends FAILED with this error_type and
   * error_message (default getJob's FAILED example), its change not made. Calls queue up.
   */
  readonly failNextJob: (failure?: { readonly errorType?: string; readonly errorMessage?: string }) => void
}

const where = "startDpfSimulator"
const known = ["port", "tokens", "zones", "jobMillis", "jobRunningPolls", "now"]

const checkTokens = (value: unknown): ReadonlyArray<string> => {
  const tokens = checkStrings(where, "tokens", value, ["dpf-test-access-token-do-not-log"])
  if (!tokens.every((t) => /^[\x21-\x7e]+$/.test(t))) {
    throw new TypeError(`${where}: option "tokens" must be printable ASCII without spaces`)
  }
  return tokens
}

const checkZones = (value: unknown): ReadonlyArray<DpfZone> => {
  const names = checkStrings(where, "zones", value, ["example.jp"]).map(
    (name) => `${name.toLowerCase().replace(/\.$/, "")}.`
  )
  if (new Set(names).size !== names.length) throw new TypeError(`${where}: option "zones" repeats a zone`)
  return names.map((name, i) => ({
    id: `m${String(i + 1).padStart(13, "0")}`,
    name,
    serviceCode: `dpm${String(i + 1).padStart(8, "0")}`
  }))
}

/** The answer of `faults.error(code)`: a documented error with a fresh request_id, or a proxy's. */
const errorReply = (code: string): Reply | undefined => {
  const plain = dpfPlainErrors.find(([, type]) => type === code)
  if (plain !== undefined) {
    const [status, type, message] = plain
    return dpfError(status, type, message, type === "NotAcceptable" ? { blockId: newDpfRequestId() } : {})
  }
  const detail = dpfDetailErrors.find(([c, a]) => dpfDetailCode(c, a) === code)
  if (detail !== undefined) return dpfParameterError({ code: detail[0], attribute: detail[1] })
  const proxy = dpfProxyFixtures.find((f) => f.code === code)
  if (proxy === undefined) return undefined
  return {
    status: proxy.status,
    body: proxy.body,
    ...(proxy.contentType !== undefined ? { headers: { "content-type": proxy.contentType } } : {})
  }
}

/** Starts a DPF-API simulator on 127.0.0.1; rejects with a TypeError for bad options. */
export const startDpfSimulator = async (options?: DpfSimulatorOptions): Promise<DpfSimulatorHandle> => {
  const given = checkObject(where, options) as DpfSimulatorOptions
  checkKnownKeys(where, given, known)
  const port = checkPort(where, given.port)
  const tokens = checkTokens(given.tokens)
  const zones = checkZones(given.zones)
  const jobMillis = checkNonNegativeInteger(where, "jobMillis", given.jobMillis, 0)
  const jobRunningPolls = checkNonNegativeInteger(where, "jobRunningPolls", given.jobRunningPolls, 0)
  const now = checkNow(where, given.now)
  let baseUrl = ""
  const api = makeDpfApi({ tokens, zones, jobMillis, jobRunningPolls, now, baseUrl: () => baseUrl })
  const server = await startServer({
    name: where,
    port,
    handle: api.handle,
    authenticated: (request) => dpfAuthenticated(request, tokens),
    errorReply
  })
  baseUrl = `${server.origin}${dpfBasePath}`
  // Object.assign keeps the common handle's live getters.
  return Object.assign(handleOf(server, baseUrl), {
    tokens,
    token: tokens[0] ?? "",
    clientOptions: clientOptions({ baseUrl }, { token: tokens[0] ?? "" }),
    zones,
    zoneId: (name: string) => zones.find((z) => z.name === `${name.toLowerCase().replace(/\.$/, "")}.`)?.id,
    resolveTxt: api.resolveTxt,
    records: api.records,
    currents: api.currents,
    jobs: api.jobs,
    failNextJob: api.failNextJob
  })
}

/**
 * The simulator as an Effect service: `DpfSimulator.scoped(options)` starts it for the scope,
 * `DpfSimulator.layer(options)` provides it (closed with the layer).
 */
export class DpfSimulator extends Context.Service<DpfSimulator, DpfSimulatorHandle>()(
  "@faultline/testing/DpfSimulator"
) {
  static readonly scoped = (
    options?: DpfSimulatorOptions
  ): Effect.Effect<DpfSimulatorHandle, SimulatorStartError, Scope.Scope> =>
    scopedSimulator(() => startDpfSimulator(options))

  static readonly layer = (options?: DpfSimulatorOptions): Layer.Layer<DpfSimulator, SimulatorStartError> =>
    Layer.effect(DpfSimulator, DpfSimulator.scoped(options))
}
