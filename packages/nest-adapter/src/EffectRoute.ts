import { UseInterceptors } from "@nestjs/common"
import type * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import { EffectInterceptor } from "./EffectInterceptor.js"

/** A controller method whose Effect needs at most the services `R`. */
export type EffectRouteMethod<R> = (...args: Array<any>) => Effect.Effect<unknown, unknown, R>

/**
 * A method decorator for Effect-returning routes, typed by the layer given to
 * `FaultlineModule.forRoot({ layer })`: a route whose Effect needs a service that layer does not
 * provide is a compile error (`Unable to resolve signature of method decorator`), instead of a 500 at
 * run time. Without a layer, the Effect must need no services. It also puts `EffectInterceptor`
 * innermost on the route (`@UseInterceptors(EffectInterceptor)`), so interceptors of the app that map
 * the value see the Effect's result, not the Effect.
 *
 * ```ts
 * export const AppLayer = Layer.mergeAll(OrdersLive, ZonesLive)
 * // app.module.ts: FaultlineModule.forRoot({ layer: AppLayer })
 * @Get(":id") @EffectRoute(AppLayer)
 * get(@Param("id") id: string) { return Orders.use((orders) => orders.get(id)) }
 * ```
 *
 * The layer is only read for its type: pass the same one you give the module.
 */
export const EffectRoute =
  <R = never>(_layer?: Layer.Layer<R, unknown, never>) =>
  <M extends EffectRouteMethod<R>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>
  ): void => {
    UseInterceptors(EffectInterceptor)(target, key, descriptor)
  }
