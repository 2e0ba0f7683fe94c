import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { RunningServer } from "./server.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"
import { type SimulatorStartError, toStartError } from "./SimulatorStartError.js"

// What every simulator's start function and Effect form share; the DPF-API simulator uses it (the
// CertCentral and DO-API simulators predate it and could move to it).

/** The members every handle shares, read live from the running server (`hanging`, `streamedBytes`). */
export const commonHandle = (server: RunningServer, url: string): SimulatorHandle => ({
  url,
  requests: server.requests,
  get hanging() {
    return server.hanging()
  },
  get streamedBytes() {
    return server.streamedBytes()
  },
  inject: server.inject,
  clearFaults: server.clearFaults,
  close: server.close
})

/** A simulator for the scope: started by `start`, closed with the scope; bad options fail typed. */
export const scopedSimulator = <H extends { readonly close: () => Promise<void> }>(
  start: () => Promise<H>
): Effect.Effect<H, SimulatorStartError, Scope.Scope> =>
  Effect.acquireRelease(Effect.tryPromise({ try: start, catch: toStartError }), (handle) =>
    Effect.promise(() => handle.close())
  )
