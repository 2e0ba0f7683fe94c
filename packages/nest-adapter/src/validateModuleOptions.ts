import { validateResponseOptions } from "@faultline/core/adapter"
import * as Layer from "effect/Layer"
import type { FaultlineModuleOptions } from "./options.js"

/**
 * Checks the module's options (core's response options, plus `layer` and `runtime`) so a mistake
 * fails at startup with a `TypeError` naming the option, not on the first failure that needs it.
 */
export const validateModuleOptions = (options: FaultlineModuleOptions): FaultlineModuleOptions => {
  validateResponseOptions(options)
  if (options.layer !== undefined && !Layer.isLayer(options.layer)) {
    throw new TypeError("faultline: layer must be an Effect Layer")
  }
  // Both are used: runFork for controllers' Effects, runPromiseExit for FaultlineRuntime's `run`.
  const runtime = options.runtime
  if (
    runtime !== undefined &&
    (typeof runtime?.runFork !== "function" || typeof runtime?.runPromiseExit !== "function")
  ) {
    throw new TypeError("faultline: runtime must be a ManagedRuntime")
  }
  return options
}
