import * as Data from "effect/Data"

/** A simulator could not start (bad options, a port in use); `message` names the option. */
export class SimulatorStartError extends Data.TaggedError("SimulatorStartError")<{
  readonly message: string
  readonly cause: unknown
}> {}

export const toStartError = (cause: unknown): SimulatorStartError =>
  new SimulatorStartError({ message: cause instanceof Error ? cause.message : String(cause), cause })
