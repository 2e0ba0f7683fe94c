import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { type SimulatorStartError, toStartError } from "./SimulatorStartError.js"

/**
 * A simulator for the scope (every simulator's `scoped` form): started by `start`, closed with the
 * scope; bad options fail typed.
 */
export const scopedSimulator = <H extends { readonly close: () => Promise<void> }>(
  start: () => Promise<H>
): Effect.Effect<H, SimulatorStartError, Scope.Scope> =>
  Effect.acquireRelease(Effect.tryPromise({ try: start, catch: toStartError }), (handle) =>
    Effect.promise(() => handle.close())
  )
