import { type DpfSimulatorHandle, type DpfSimulatorOptions, startDpfSimulator } from "@faultline/testing"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import { afterAll, beforeAll } from "vitest"
import { Dpf, type DpfClient } from "../src/Dpf.js"
import type { DpfOptions } from "../src/DpfConfig.js"

/** The client over a simulator on 127.0.0.1: no retry backoff, no settle wait, jobs read at once. */
export const clientOf = (simulator: DpfSimulatorHandle, options: Partial<DpfOptions> = {}) => {
  const runtime = ManagedRuntime.make(
    Dpf.layer({
      ...simulator.clientOptions,
      retry: { jitter: false, baseDelay: "1 millis" },
      reconcile: { settle: "0 millis" },
      jobInterval: "1 millis",
      ...options
    }).pipe(Layer.provide(FetchHttpClient.layer), Layer.orDie)
  )
  const client: DpfClient = runtime.runSync(Effect.service(Dpf))
  const run = <A, E>(effect: Effect.Effect<A, E>) => runtime.runPromise(effect)
  const exit = <A, E>(effect: Effect.Effect<A, E>) => runtime.runPromiseExit(effect)
  return { client, run, exit, runtime }
}

/** A simulator for one test file. */
export const simulatorFor = (options?: DpfSimulatorOptions) => startDpfSimulator(options)

/** How many requests with this method and path suffix the simulator received. */
export const sent = (simulator: DpfSimulatorHandle, method: string, suffix: string | RegExp) =>
  simulator.requests.filter(
    (r) => r.method === method && (typeof suffix === "string" ? r.path.endsWith(suffix) : suffix.test(r.path))
  ).length

/** A simulator and a client over it for the tests of one file, started before them, closed after. */
export const useSimulated = (options?: DpfSimulatorOptions) => {
  const state = {} as { simulator: DpfSimulatorHandle; dpf: ReturnType<typeof clientOf> }
  beforeAll(async () => {
    state.simulator = await startDpfSimulator(options)
    state.dpf = clientOf(state.simulator)
  })
  afterAll(async () => {
    await state.dpf.runtime.dispose()
    await state.simulator.close()
  })
  return state
}
