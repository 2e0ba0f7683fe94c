import {
  type CertCentralSimulatorHandle,
  type DoApiSimulatorHandle,
  type DpfSimulatorHandle,
  type SimulatorHandle,
  startCertCentralSimulator,
  startDoApiSimulator,
  startDpfSimulator
} from "@faultline/testing"
import type { DnsVendor } from "./dns.js"
import type { Upstreams } from "./settings.js"

/**
 * CertCentral's simulator and the chosen DNS vendor's (DO-API or DPF-API) on 127.0.0.1, DCV wired
 * between them (DigiCert reads the simulated DNS).
 */
export interface Simulators {
  readonly certCentral: CertCentralSimulatorHandle
  /** The DNS vendor simulated: the one of `doApi` and `dpf` that is running. */
  readonly dnsVendor: DnsVendor
  readonly dns: SimulatorHandle
  readonly doApi: DoApiSimulatorHandle | undefined
  readonly dpf: DpfSimulatorHandle | undefined
  /** The upstream options that reach them, with the right credentials. */
  readonly upstreams: Upstreams
  /**
   * DNS propagation: the next `checks` check-dcv calls do not see the TXT records yet, as when
   * DigiCert's resolvers still hold an old answer. `Infinity`: never within the gateway's budget.
   */
  readonly delayDns: (checks: number) => void
  /** Check-dcv calls CertCentral received so far. */
  readonly dcvChecks: () => number
  readonly close: () => Promise<void>
}

export interface SimulatorOptions {
  /** The DNS vendor to simulate; default DO-API. */
  readonly dns?: DnsVendor | undefined
  /** The DNS zones; default `example.jp`. */
  readonly zones?: ReadonlyArray<string> | undefined
  /**
   * CertCentral products whose orders wait for organization validation after DCV (OV/EV), until
   * `certCentral.issue(id)`; default none (DV: issued once DCV passes).
   */
  readonly organizationValidation?: ReadonlyArray<string> | undefined
  /** DPF-API only: polls of every job that answer RUNNING before it completes; default 0. */
  readonly dpfJobRunningPolls?: number | undefined
}

/** The DO-API simulator of a run on DO-API; throws on a DPF-API run. */
export const doApiOf = (simulators: Simulators): DoApiSimulatorHandle => {
  if (simulators.doApi === undefined) throw new Error("DO-API is not the simulated DNS vendor")
  return simulators.doApi
}

/** The DPF-API simulator of a run on DPF-API; throws on a DO-API run. */
export const dpfOf = (simulators: Simulators): DpfSimulatorHandle => {
  if (simulators.dpf === undefined) throw new Error("DPF-API is not the simulated DNS vendor")
  return simulators.dpf
}

const isDcvCheck = (path: string): boolean => path.endsWith("/check-dcv")

// The DNS simulator, its TXT resolver and the client options that reach it.
const startDns = async (vendor: DnsVendor, options: SimulatorOptions) => {
  const zones = options.zones ?? ["example.jp"]
  if (vendor === "dpf") {
    const dpf = await startDpfSimulator({ zones, jobRunningPolls: options.dpfJobRunningPolls ?? 0 })
    // Jobs complete at once on the simulator unless told: short waits between polls, few polls.
    const upstreams: Omit<Upstreams, "certCentral"> = {
      dpf: { ...dpf.clientOptions, jobInterval: "10 millis", jobPolls: 5 }
    }
    return { handle: dpf, doApi: undefined, dpf, resolveTxt: dpf.resolveTxt, upstreams }
  }
  const doApi = await startDoApiSimulator({ zones })
  const upstreams: Omit<Upstreams, "certCentral"> = { doApi: doApi.clientOptions }
  return { handle: doApi, doApi, dpf: undefined, resolveTxt: doApi.resolveTxt, upstreams }
}

export const startSimulators = async (options: SimulatorOptions = {}): Promise<Simulators> => {
  const dnsVendor = options.dns ?? "do-api"
  const dns = await startDns(dnsVendor, options)
  let hiddenUntil = 0
  const dcvChecks = () => certCentral.requests.filter((r) => isDcvCheck(r.path)).length
  const certCentral: CertCentralSimulatorHandle = await startCertCentralSimulator({
    organizationValidation: options.organizationValidation ?? [],
    // The check being answered is recorded already: it is check number dcvChecks().
    resolveTxt: (name) => (dcvChecks() <= hiddenUntil ? [] : dns.resolveTxt(name))
  }).catch(async (error: unknown) => {
    await dns.handle.close()
    throw error
  })
  return {
    certCentral,
    dnsVendor,
    dns: dns.handle,
    doApi: dns.doApi,
    dpf: dns.dpf,
    upstreams: {
      certCentral: certCentral.clientOptions,
      ...dns.upstreams
    },
    delayDns: (checks) => {
      hiddenUntil = dcvChecks() + checks
    },
    dcvChecks,
    close: async () => {
      await Promise.all([certCentral.close(), dns.handle.close()])
    }
  }
}
