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
  /**
   * Requests held right now by a `hang` or `stall` fault (they leave the count when the client gives up
   * or the simulator closes): a test moving a virtual clock can tell them from requests in flight.
   */
  readonly hanging: number
  /**
   * Bytes of `large-body` faults handed to sockets so far. The body is written as fast as the client
   * reads it and no faster, so a client that stops reading at its size cap keeps this well below the
   * body's size.
   */
  readonly streamedBytes: number
  /** Drops every fault not used up yet. */
  readonly clearFaults: () => void
  /** Stops the server, cutting open connections (hanging requests included). Idempotent. */
  readonly close: () => Promise<void>
}
