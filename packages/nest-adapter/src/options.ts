import type { FailureContext as CoreFailureContext, ResponseOptions } from "@faultline/core"
import type * as Layer from "effect/Layer"
import type * as ManagedRuntime from "effect/ManagedRuntime"

/** What the `onFailure` hook is told besides the log-safe description. */
export type FailureContext = CoreFailureContext<any>

/**
 * How upstream failures become downstream responses: core's adapter options, shared with the Express
 * adapter. `request` in the callbacks is the platform's request (Express `Request` or Fastify's).
 */
export type UpstreamResponseOptions = ResponseOptions<any>

/** Options of `FaultlineModule.forRoot` / `forRootAsync`. */
export interface FaultlineModuleOptions extends UpstreamResponseOptions {
  /**
   * Services for Effect-returning controllers. Built once into a `ManagedRuntime` that the module
   * owns and disposes when the application shuts down; a layer that fails to build (a bad
   * configuration) fails the boot, so it needs no `Layer.orDie`. Give the same layer to `@EffectRoute`
   * to have the compiler check that it provides every service a route's Effect needs.
   */
  readonly layer?: Layer.Layer<any, unknown, never> | undefined
  /** A runtime the app manages itself; used instead of `layer` and never disposed by the module. */
  readonly runtime?: ManagedRuntime.ManagedRuntime<any, any> | undefined
}
