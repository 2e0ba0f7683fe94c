import type { RunningServer } from "./server.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"

/** The common handle of a simulator over its running server (live `hanging` and `streamedBytes`). */
export const handleOf = (server: RunningServer): SimulatorHandle => ({
  url: server.origin,
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
