import {
  type CertCentralSimulatorHandle,
  type DoApiSimulatorHandle,
  startCertCentralSimulator,
  startDoApiSimulator
} from "@faultline/testing"
import * as Redacted from "effect/Redacted"
import type { Upstreams } from "./settings.js"

/** Both vendors' simulators on 127.0.0.1, DCV wired between them (DigiCert reads DO-API's DNS). */
export interface Simulators {
  readonly certCentral: CertCentralSimulatorHandle
  readonly doApi: DoApiSimulatorHandle
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
  /** The DO-API zones; default `example.jp`. */
  readonly zones?: ReadonlyArray<string> | undefined
  /**
   * CertCentral products whose orders wait for organization validation after DCV (OV/EV), until
   * `certCentral.issue(id)`; default none (DV: issued once DCV passes).
   */
  readonly organizationValidation?: ReadonlyArray<string> | undefined
}

const isDcvCheck = (path: string): boolean => path.endsWith("/check-dcv")

export const startSimulators = async (options: SimulatorOptions = {}): Promise<Simulators> => {
  const doApi = await startDoApiSimulator({ zones: options.zones ?? ["example.jp"] })
  let hiddenUntil = 0
  const dcvChecks = () => certCentral.requests.filter((r) => isDcvCheck(r.path)).length
  const certCentral: CertCentralSimulatorHandle = await startCertCentralSimulator({
    organizationValidation: options.organizationValidation ?? [],
    // The check being answered is recorded already: it is check number dcvChecks().
    resolveTxt: (name) => (dcvChecks() <= hiddenUntil ? [] : doApi.resolveTxt(name))
  }).catch(async (error: unknown) => {
    await doApi.close()
    throw error
  })
  return {
    certCentral,
    doApi,
    upstreams: {
      certCentral: { apiKey: Redacted.make(certCentral.apiKey), baseUrl: certCentral.url },
      doApi: {
        accessKey: Redacted.make(doApi.accessKey),
        secretKey: Redacted.make(doApi.secretKey),
        serviceCode: doApi.serviceCode,
        baseUrl: doApi.url
      }
    },
    delayDns: (checks) => {
      hiddenUntil = dcvChecks() + checks
    },
    dcvChecks,
    close: async () => {
      await Promise.all([certCentral.close(), doApi.close()])
    }
  }
}
