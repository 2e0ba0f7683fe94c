import * as Context from "effect/Context"
import { UpstreamError } from "@faultline/core"
import { Reason } from "@faultline/core/vendor"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as KeyValueStore from "effect/persistence/KeyValueStore"
import * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"

/** What the gateway knows about the order of one request: enough to resume it anywhere. */
export const OrderProgress = Schema.Struct({
  orderId: Schema.Number,
  commonName: Schema.String,
  zone: Schema.String,
  /** The TXT owner, relative to the zone: `_dnsauth.shop` in `example.jp`, `_dnsauth` at the apex. */
  owner: Schema.String,
  /** The DCV random value to publish; empty until known. */
  randomValue: Schema.String,
  /** When an addRecord was sent (its answer may have been lost): look before adding again. */
  publishSentAt: Schema.optional(Schema.Number),
  published: Schema.Boolean,
  committed: Schema.Boolean,
  issued: Schema.optional(Schema.Struct({ certificateId: Schema.optional(Schema.Number) }))
})
export type OrderProgress = typeof OrderProgress.Type

/**
 * One request's line in the ledger. `sentAt`: an order was (maybe) sent at that time and no answer
 * says what became of it (written before sending, so a replica that dies mid-order leaves it too):
 * the next attempt asks CertCentral first and orders only when it is proven absent.
 */
export const LedgerEntry = Schema.Struct({
  sentAt: Schema.optional(Schema.Number),
  order: Schema.optional(OrderProgress)
})
export type LedgerEntry = typeof LedgerEntry.Type

/**
 * The ledger's store could not be read or written (e.g. Redis away): the request stopped before its
 * next upstream call, so it may be sent again. A faultline reason (503 `upstream_unavailable`, retry
 * `safe`), so both adapters answer it like any upstream outage.
 */
export class LedgerStoreUnavailable extends Reason("LedgerStoreUnavailable", {
  vendor: "ledger",
  code: "LedgerUnavailable",
  category: "unavailable",
  retry: "safe"
}) {}

export type LedgerUnavailable = UpstreamError

export const ledgerUnavailable = (_cause: unknown): LedgerUnavailable =>
  new UpstreamError({ reason: new LedgerStoreUnavailable({ retryAfter: Duration.seconds(1) }) })

/**
 * Per-request state and a per-request lock, shared by every replica that uses the same store: the
 * same request on two replicas at once places one order, and a request retried on another replica
 * (or after a restart) resumes the order.
 */
export class OrderLedger extends Context.Service<
  OrderLedger,
  {
    readonly read: (key: string) => Effect.Effect<LedgerEntry, LedgerUnavailable>
    readonly write: (key: string, entry: LedgerEntry) => Effect.Effect<void, LedgerUnavailable>
    /** Runs `effect` holding the request's lock: one holder at a time, across replicas. */
    readonly withLock: (
      key: string
    ) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | LedgerUnavailable, R>
  }
>()("gateway/OrderLedger") {}

/** How long a lost holder keeps a request locked (its lock is renewed while it lives). */
export interface LockOptions {
  readonly ttl: Duration.Duration
}

/** The lock half of the ledger: an in-process semaphore per key, or a Redis lock (`ledgerRedis.ts`). */
export type Lock = (
  key: string
) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | LedgerUnavailable, R>

/** The ledger over effect's `KeyValueStore` in context (entries as JSON, by Schema) and a lock. */
export const makeLedger = (lock: Lock) =>
  Effect.gen(function* () {
    const store = KeyValueStore.toSchemaStore(yield* KeyValueStore.KeyValueStore, LedgerEntry)
    return OrderLedger.of({
      read: (key) =>
        store.get(key).pipe(
          Effect.map((entry) => (entry._tag === "Some" ? entry.value : {})),
          Effect.mapError((cause) => ledgerUnavailable(cause))
        ),
      write: (key, entry) => store.set(key, entry).pipe(Effect.mapError((cause) => ledgerUnavailable(cause))),
      withLock: lock
    })
  })

/** One process's ledger: effect's in-memory `KeyValueStore` and a semaphore per request. */
export const layerMemory: Layer.Layer<OrderLedger> = Layer.effect(
  OrderLedger,
  Effect.suspend(() => {
    const locks = new Map<string, Semaphore.Semaphore>()
    const lock: Lock = (key) => (effect) => {
      let semaphore = locks.get(key)
      if (semaphore === undefined) {
        semaphore = Semaphore.makeUnsafe(1)
        locks.set(key, semaphore)
      }
      return semaphore.withPermits(1)(effect)
    }
    return makeLedger(lock)
  })
).pipe(Layer.provide(KeyValueStore.layerMemory))
