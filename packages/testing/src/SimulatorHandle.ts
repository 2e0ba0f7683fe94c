import type { Fault, InjectOptions } from "./Fault.js"
import type { RecordedRequest } from "./RecordedRequest.js"

/** What both simulators offer. */
export interface SimulatorHandle {
  /** The base URL to give the client. */
  readonly url: string
  /** Every request received, in order, secrets redacted (a live array). */
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Applies `fault` to the next `times` (default 1) requests matching `method` / `path`. */
  readonly inject: (fault: Fault, options?: InjectOptions) => void
  /** Drops every fault not used up yet. */
  readonly clearFaults: () => void
  /** Stops the server, cutting open connections (hanging requests included). Idempotent. */
  readonly close: () => Promise<void>
}
