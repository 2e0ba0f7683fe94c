import type { RunningServer } from "./server.js"
import type { SimulatorHandle } from "./SimulatorHandle.js"

/**
 * The members every simulator's handle shares, over its running server: `url` (the origin unless the
 * vendor's base path is added), and `hanging` / `streamedBytes` read live. Extend it with
 * `Object.assign`, never a spread: a spread would copy the getters' values once and freeze them.
 */
export const handleOf = (server: RunningServer, url: string = server.origin): SimulatorHandle => ({
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
