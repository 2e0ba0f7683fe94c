import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** One rolling window of an upstream's rate limit: at most `limit` requests in any `windowMillis`. */
export interface RollingWindow {
  readonly limit: number
  readonly windowMillis: number
}

/** What one reservation asks of the store: slots for a batch of waiting requests. */
export interface ReserveOptions {
  /** The budget's key (one per credential, see `limiterKey`); never a secret. */
  readonly key: string
  readonly windows: ReadonlyArray<RollingWindow>
  /**
   * A fresh id per waiting request, unique across replicas, in the order they are served: one store
   * call serves every waiter of a process, so waiters do not each ask (no herd of store calls).
   */
  readonly ids: ReadonlyArray<string>
  /**
   * How long after its slot an unsettled request still counts as in flight: the attempt's timeout
   * plus a margin. Past it, its holder is taken for dead and the request counts at that time.
   */
  readonly holdMillis: number
  /**
   * While requests in flight fill a window, the longest wait before asking again (their answers may
   * come back to another replica, which cannot tell this one).
   */
  readonly pollMillis: number
  /**
   * How far ahead a slot is handed out. A later slot is not reserved: the caller is told when to ask
   * again. A reservation counts in every window until it is settled (its answer time is unknown), so
   * far-off reservations would crowd the windows before them and waste their room.
   */
  readonly horizonMillis: number
}

/**
 * The answer to a reservation: the slots of the first `delays.length` ids, in milliseconds from now
 * (send then, then `settle`), in order; for the ids left, `next`: `"flight"` when requests in flight
 * fill a window (ask again at the next settle, or after `retryMillis` at the latest), `"later"` when
 * the next slot is further than the horizon (ask again after `retryMillis`, exact).
 */
export interface Reservation {
  readonly delays: ReadonlyArray<number>
  readonly next?: { readonly reason: "flight" | "later"; readonly retryMillis: number } | undefined
}

/** The store could not be read or written (e.g. Redis unreachable). */
export class RollingWindowStoreError extends Data.TaggedError("RollingWindowStoreError")<{
  readonly cause: unknown
}> {}

/**
 * Where the rolling windows of a budget live: one log of requests per key, each counted at the time
 * its answer came back (an upper bound of when the upstream counted it). Every implementation
 * follows the same rule, so the in-memory store and the Redis store behave alike:
 *
 * - a request is in flight from its reservation until `settle`; while in flight it counts in every
 *   window (its time is unknown), for at most `holdMillis` after its slot, then at that time;
 * - a settled request counts at its settle time `c`, in every window `(t - W, t]` holding `c`;
 * - a new request's slot is the earliest time `t >= now` at which, for every window, the settled
 *   requests in `(t - W, t]` plus the requests in flight stay below the limit. When the in-flight
 *   requests alone fill a window, no slot is known yet (`next.reason` `"flight"`); a slot more than
 *   `horizonMillis` ahead is not reserved either (`"later"`, with the exact wait until it is);
 * - the ids of one call are served in order, each counting the ones before it as in flight;
 * - a released request is forgotten (it was never sent).
 *
 * Why counted at the answer and not at the slot plus a margin: the upstream counts a request when it
 * arrives, somewhere between its send and its answer; only the answer bounds that for sure. A
 * margin holds while the hand-off is short, and a busy host (or network) makes it long: measured on
 * a loaded 2-core host, the send-to-arrival time reached seconds, and every such late arrival would
 * have been a 429.
 *
 * Slots only move forward (each new slot is at or after the previous one), so waiters are served in
 * the order they reserved.
 *
 * (effect's `RateLimiterStore` offers a fixed-window counter and a token bucket: two numbers per
 * key, which cannot say when the L-th latest request was counted, so they cannot hold a rolling
 * window exactly. This store holds the log itself.)
 */
export class RollingWindowStore extends Context.Service<
  RollingWindowStore,
  {
    readonly reserve: (options: ReserveOptions) => Effect.Effect<Reservation, RollingWindowStoreError>
    /** The request's answer came back (or it ended once sent): count it at now. */
    readonly settle: (options: {
      readonly key: string
      readonly id: string
    }) => Effect.Effect<void, RollingWindowStoreError>
    /** The request was never sent (its caller left before its slot): forget it, its slot is free. */
    readonly release: (options: {
      readonly key: string
      readonly id: string
    }) => Effect.Effect<void, RollingWindowStoreError>
  }
>()("@faultline/core/RollingWindowStore") {}

interface Entry {
  /** Settle time, or for a request in flight its deadline (slot + hold). */
  time: number
  /** The slot of a request in flight; `undefined` once settled. */
  slot: number | undefined
}

/** The rule of {@link RollingWindowStore} over one key's entries, at `now` (shared by tests). */
export const reserveIn = (entries: Map<string, Entry>, options: ReserveOptions, now: number): Reservation => {
  const longest = Math.max(0, ...options.windows.map((w) => w.windowMillis))
  const settled: Array<number> = []
  let inFlight = 0
  let firstDeadline = Number.POSITIVE_INFINITY
  for (const [id, entry] of entries) {
    if (entry.time <= now - longest) {
      entries.delete(id)
      continue
    }
    if (entry.slot !== undefined && entry.time > now) {
      inFlight++
      firstDeadline = Math.min(firstDeadline, entry.time)
    } else {
      // Settled, or in flight past its deadline (its holder is gone): counted at `time`.
      entry.slot = undefined
      settled.push(entry.time)
    }
  }
  settled.sort((a, b) => b - a)
  const delays: Array<number> = []
  for (const id of options.ids) {
    let slot = now
    for (const { limit, windowMillis } of options.windows) {
      const k = limit - inFlight
      if (k <= 0) {
        // Nothing changes before an answer comes back or the first holder's deadline passes.
        const retryMillis = Math.max(1, Math.min(options.pollMillis, firstDeadline - now))
        return { delays, next: { reason: "flight", retryMillis } }
      }
      const kth = settled[k - 1]
      if (kth !== undefined) slot = Math.max(slot, kth + windowMillis)
    }
    if (slot - now > options.horizonMillis) {
      return { delays, next: { reason: "later", retryMillis: slot - now - options.horizonMillis } }
    }
    const deadline = slot + options.holdMillis
    entries.set(id, { time: deadline, slot })
    inFlight++
    firstDeadline = Math.min(firstDeadline, deadline)
    delays.push(slot - now)
  }
  return { delays }
}

/** Settles `id` at `now` in one key's entries (shared by tests). */
export const settleIn = (entries: Map<string, Entry>, id: string, now: number): void => {
  entries.set(id, { time: now, slot: undefined })
}

/**
 * The process-local store: each build has its own logs, on the Effect `Clock` (so `TestClock` drives
 * it). One budget per process; replicas share one with the Redis store (`layerStoreRedis`).
 */
export const layerStoreMemory: Layer.Layer<RollingWindowStore> = Layer.sync(RollingWindowStore, () => {
  const logs = new Map<string, Map<string, Entry>>()
  const log = (key: string): Map<string, Entry> => {
    let entries = logs.get(key)
    if (entries === undefined) {
      entries = new Map()
      logs.set(key, entries)
    }
    return entries
  }
  return RollingWindowStore.of({
    reserve: (options) =>
      Effect.map(Clock.currentTimeMillis, (now) => reserveIn(log(options.key), options, now)),
    settle: ({ key, id }) => Effect.map(Clock.currentTimeMillis, (now) => settleIn(log(key), id, now)),
    release: ({ key, id }) =>
      Effect.sync(() => {
        log(key).delete(id)
      })
  })
})
