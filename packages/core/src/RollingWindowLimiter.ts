import { randomUUID } from "node:crypto"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redis from "effect/persistence/Redis"
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
  /**
   * While requests in flight fill a window, the longest wait before this process asks again (an
   * answer may come back to another replica; its own answers wake it at once). Default 20 ms.
   */
  readonly poll?: Duration.Input | undefined
  /** How far ahead a slot is reserved; later ones are asked for again then. Default 25 ms. */
  readonly horizon?: Duration.Input | undefined
}

const millisOf = (input: Duration.Input | undefined, fallback: number): number =>
  input === undefined ? fallback : Duration.toMillis(Duration.fromInputUnsafe(input))

/** The most waiters served by one store call. */
const batchSize = 64

/** One request waiting for its slot. */
interface Waiter {
  readonly id: string
  readonly holdMillis: number
  readonly slot: Deferred.Deferred<number, RollingWindowStoreError>
  /** A slot was handed to it (it must then be settled or released). */
  served: boolean
  /** Its caller left: a slot handed to it now is released. */
  gone: boolean
}

/** The waiters of one key and windows in this process, and whether one fiber is asking for them. */
interface Line {
  readonly key: string
  readonly windows: ReadonlyArray<RollingWindow>
  readonly waiters: Array<Waiter>
  asking: boolean
  /** Completed when a request of this key settles here: a window full of requests in flight may have room. */
  answered: Deferred.Deferred<void>
  /**
   * Completed when a reservation of this key is released here or a waiter leaves: a slot may come
   * sooner (a settle never makes the next slot earlier: the answer counts from now instead).
   */
  freed: Deferred.Deferred<void>
}

const remove = (line: Line, waiter: Waiter): void => {
  const i = line.waiters.indexOf(waiter)
  if (i !== -1) line.waiters.splice(i, 1)
}

/**
 * The limiter over the `RollingWindowStore` in context. Per key, one fiber of this process asks the
 * store for every waiter at once, in their order, and hands each its slot; each waiter then sleeps
 * exactly until its slot. Waiters never ask the store themselves, so a crowd of them costs one store
 * call per answer, not one each.
 */
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
    const lines = new Map<string, Line>()

    const signal = (key: string, which: "answered" | "freed"): void => {
      for (const line of lines.values()) if (line.key === key) Deferred.doneUnsafe(line[which], Effect.void)
    }
    // Asked again on a short outage (both are idempotent); given up after that: a settle lost holds
    // its slot until its deadline, a release lost wastes its slot.
    const afterwards = (
      effect: Effect.Effect<void, RollingWindowStoreError>,
      key: string,
      which: "answered" | "freed"
    ) =>
      Effect.ignore(
        Effect.retry(bounded(effect), { schedule: Schedule.exponential("100 millis"), times: 5 })
      ).pipe(Effect.ensuring(Effect.sync(() => signal(key, which))))
    const settle = (key: string, id: string) => afterwards(store.settle({ key, id }), key, "answered")
    // In a fiber of its own: giving a slot back must not hold up the waiters or a caller that left.
    const release = (key: string, id: string) =>
      Effect.asVoid(Effect.forkDetach(afterwards(store.release({ key, id }), key, "freed")))

    const ask = (line: Line): Effect.Effect<void> =>
      Effect.gen(function* () {
        while (line.waiters.length > 0) {
          const batch = line.waiters.slice(0, batchSize)
          line.answered = Deferred.makeUnsafe<void>()
          line.freed = Deferred.makeUnsafe<void>()
          const answer = yield* Effect.exit(
            bounded(
              store.reserve({
                key: line.key,
                windows: line.windows,
                ids: batch.map((w) => w.id),
                holdMillis: Math.max(...batch.map((w) => w.holdMillis)),
                pollMillis,
                horizonMillis
              })
            )
          )
          if (answer._tag === "Failure") {
            // Fail closed: nobody waiting here can be let through without the store.
            for (const waiter of line.waiters.splice(0)) {
              Deferred.doneUnsafe(waiter.slot, Effect.failCause(answer.cause))
            }
            // A call that timed out may still have reserved: those slots go back (or their
            // deadline frees them).
            for (const waiter of batch) yield* release(line.key, waiter.id)
            break
          }
          const { delays, next } = answer.value
          for (const [i, delayMillis] of delays.entries()) {
            const waiter = batch[i] as Waiter
            remove(line, waiter)
            if (waiter.gone) {
              yield* release(line.key, waiter.id)
            } else {
              waiter.served = true
              Deferred.doneUnsafe(waiter.slot, Effect.succeed(delayMillis))
            }
          }
          if (next === undefined || line.waiters.length === 0) continue
          // Woken early by what can bring the slot sooner: a release or a waiter leaving, and while
          // requests in flight fill a window, an answer back here.
          const sleep = Effect.raceFirst(
            Effect.sleep(Duration.millis(next.retryMillis)),
            Deferred.await(line.freed)
          )
          yield* next.reason === "flight" ? Effect.raceFirst(sleep, Deferred.await(line.answered)) : sleep
        }
      }).pipe(
        Effect.ensuring(
          Effect.suspend(() => {
            line.asking = false
            // A waiter that came in as this fiber ended is asked for by a new one.
            return line.waiters.length > 0 ? start(line) : Effect.void
          })
        )
      )
    // Detached: the fiber serves every waiter, so none of them may take it down when it leaves.
    const start = (line: Line): Effect.Effect<void> =>
      Effect.suspend(() => {
        line.asking = true
        return Effect.asVoid(Effect.forkDetach(Effect.interruptible(ask(line))))
      })

    const withPermit =
      (permit: PermitOptions) =>
      <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E | RollingWindowStoreError, R> => {
        if (permit.windows.length === 0) return self
        const lineKey = `${permit.key}\u0000${permit.windows.map((w) => `${w.limit}/${w.windowMillis}`).join(",")}`
        return Effect.uninterruptibleMask((restore) =>
          Effect.gen(function* () {
            let line = lines.get(lineKey)
            if (line === undefined) {
              line = {
                key: permit.key,
                windows: permit.windows,
                waiters: [],
                asking: false,
                answered: Deferred.makeUnsafe<void>(),
                freed: Deferred.makeUnsafe<void>()
              }
              lines.set(lineKey, line)
            }
            const waiter: Waiter = {
              id: randomUUID(),
              holdMillis: Duration.toMillis(permit.timeout) + holdMargin,
              slot: Deferred.makeUnsafe<number, RollingWindowStoreError>(),
              served: false,
              gone: false
            }
            line.waiters.push(waiter)
            if (!line.asking) yield* start(line)
            const slot = yield* Effect.exit(restore(Deferred.await(waiter.slot)))
            if (slot._tag === "Failure") {
              // Left while waiting: a slot already handed over goes back; one still to come is
              // given back by the asking fiber.
              waiter.gone = true
              remove(line, waiter)
              Deferred.doneUnsafe(line.freed, Effect.void)
              if (waiter.served) yield* release(permit.key, waiter.id)
              return yield* Effect.failCause(slot.cause)
            }
            // Sleeps until its slot (whole milliseconds, never before it), then sends. Settled once
            // sent, whatever happens: not counting a sent request could cost a 429. Released when it
            // never was (interrupted before its slot): counting it would waste its slot.
            let sent = false
            const run = Effect.flatMap(Effect.sleep(Duration.millis(Math.ceil(slot.value))), () =>
              Effect.suspend(() => {
                sent = true
                return self
              })
            )
            return yield* restore(run).pipe(
              Effect.onExit(() => (sent ? settle(permit.key, waiter.id) : release(permit.key, waiter.id)))
            )
          })
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
