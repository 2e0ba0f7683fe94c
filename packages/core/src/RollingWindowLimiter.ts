import { randomUUID } from "node:crypto"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redis from "effect/persistence/Redis"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { layerStoreRedis } from "./rollingWindowRedis.js"
import {
  layerStoreMemory,
  type RollingWindow,
  RollingWindowStore,
  RollingWindowStoreError
} from "./RollingWindowStore.js"

/** What one limited request needs: its budget's key and windows, and how long it may take. */
export interface PermitOptions {
  readonly key: string
  readonly windows: ReadonlyArray<RollingWindow>
  /** The longest a request may take (its timeout): how long an unsettled request is held in flight. */
  readonly timeout: Duration.Duration
}

/**
 * Sends requests within rolling windows as the upstream counts them, over a
 * {@link RollingWindowStore} (in memory, or Redis for a budget shared by replicas).
 */
export class RollingWindowLimiter extends Context.Service<
  RollingWindowLimiter,
  {
    /**
     * Runs `self` once a slot is free in every window, and counts it at the time it ends (its answer
     * came back: the upstream counted it no later). Fails with `RollingWindowStoreError` when the
     * store cannot be reached in time: nothing was sent, so the request may be tried again (fail
     * closed; never an unthrottled send).
     */
    readonly withPermit: (
      options: PermitOptions
    ) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | RollingWindowStoreError, R>
  }
>()("@faultline/core/RollingWindowLimiter") {}

/** Tuning of {@link make}; the defaults suit any store. */
export interface LimiterOptions {
  /** How long one store call may take before the permit fails closed. Default 2 seconds. */
  readonly storeTimeout?: Duration.Input | undefined
  /** Added to a request's timeout while it is held in flight (its hand-off and answer). Default 5 s. */
  readonly holdMargin?: Duration.Input | undefined
  /** How often a waiter asks again while the windows are full of requests in flight. Default 20 ms. */
  readonly poll?: Duration.Input | undefined
  /** How far ahead a slot is reserved; later ones are asked for again then. Default 25 ms. */
  readonly horizon?: Duration.Input | undefined
}

const millisOf = (input: Duration.Input | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.fromInputUnsafe(input))

/** The limiter over the `RollingWindowStore` in context. */
export const make = (
  options: LimiterOptions = {}
): Effect.Effect<RollingWindowLimiter["Service"], never, RollingWindowStore> =>
  Effect.gen(function* () {
    const store = yield* RollingWindowStore
    const storeTimeout = millisOf(options.storeTimeout, 2_000)
    const holdMargin = millisOf(options.holdMargin, 5_000)
    const pollMillis = millisOf(options.poll, 20)
    const horizonMillis = millisOf(options.horizon, 25)
    const bounded = <A>(effect: Effect.Effect<A, RollingWindowStoreError>) =>
      Effect.timeoutOrElse(effect, {
        duration: Duration.millis(storeTimeout),
        orElse: () => Effect.fail(new RollingWindowStoreError({ cause: "timeout" }))
      })

    const withPermit =
      (permit: PermitOptions) =>
      <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | RollingWindowStoreError, R> => {
        if (permit.windows.length === 0) return self
        const id = randomUUID()
        const holdMillis = Duration.toMillis(permit.timeout) + holdMargin
        const reserve: Effect.Effect<number, RollingWindowStoreError> = Effect.flatMap(
          bounded(
            store.reserve({
              key: permit.key,
              windows: permit.windows,
              id,
              holdMillis,
              pollMillis,
              horizonMillis
            })
          ),
          (reservation) =>
            reservation._tag === "Reserved"
              ? Effect.succeed(reservation.delayMillis)
              : // Jittered, so waiters in many replicas do not ask in lockstep; never later than told
                // (an early ask is told the rest of the wait).
                Effect.flatMap(Random.next, (r) => {
                  const wait = reservation.retryMillis
                  // Whole milliseconds: a clock that keeps only those would wake a sub-millisecond
                  // sleep at once, and the answer would not change.
                  const jittered = Math.ceil(wait <= 2 ? wait : wait * (0.5 + r / 2))
                  return Effect.flatMap(Effect.sleep(Duration.millis(Math.max(1, jittered))), () => reserve)
                })
        )
        // Settled whatever happens once reserved (sent, failed, interrupted while waiting): counting
        // an unsent request wastes one slot; not counting a sent one could cost a 429.
        // A settle lost to a short outage is asked again (it is idempotent), else the request stays
        // in flight until its deadline and holds a slot that long.
        const settle = Effect.ignore(
          Effect.retry(bounded(store.settle({ key: permit.key, id })), {
            schedule: Schedule.exponential("100 millis"),
            times: 5
          })
        )
        return Effect.uninterruptibleMask((restore) =>
          Effect.flatMap(restore(reserve), (delayMillis) =>
            restore(Effect.flatMap(Effect.sleep(Duration.millis(delayMillis)), () => self)).pipe(
              Effect.ensuring(settle)
            )
          )
        )
      }
    return RollingWindowLimiter.of({ withPermit })
  })

/** The limiter over the `RollingWindowStore` in context. */
export const layer = (
  options?: LimiterOptions
): Layer.Layer<RollingWindowLimiter, never, RollingWindowStore> =>
  Layer.effect(RollingWindowLimiter, make(options))

/** One process's budget (in memory); each build of the layer has its own. */
export const layerMemory: Layer.Layer<RollingWindowLimiter> = Layer.provide(layer(), layerStoreMemory)

/**
 * A budget shared by every replica on the same Redis (and API key), over effect's `Redis` service:
 * `Layer.provide(RollingWindowLimiter.layerRedis(), NodeRedis.layer({ url }))`.
 */
export const layerRedis = (
  options?: LimiterOptions & { readonly prefix?: string | undefined }
): Layer.Layer<RollingWindowLimiter, never, Redis.Redis> =>
  Layer.provide(layer(options), layerStoreRedis({ prefix: options?.prefix }))
