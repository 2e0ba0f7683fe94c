import { randomUUID } from "node:crypto"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as KeyValueStore from "effect/persistence/KeyValueStore"
import * as Redis from "effect/persistence/Redis"
import * as Schedule from "effect/Schedule"
import { type Lock, ledgerUnavailable, makeLedger, OrderLedger } from "./ledger.js"

// The ledger shared by replicas, over effect's `Redis` service (`NodeRedis.layer({ url })`): the
// entries through effect's `KeyValueStore` (effect ships no Redis one, so it is built here from its
// `makeStringOnly` and plain commands), the lock as Redis's own `SET NX PX` with a token.

const kvError = (method: string, key?: string) => (cause: unknown) =>
  new KeyValueStore.KeyValueStoreError({
    message: `Redis ${method} failed`,
    method,
    ...(key !== undefined ? { key } : {}),
    cause
  })

/** effect's `KeyValueStore` on Redis strings under `namespace`; entries expire after `ttl`. */
export const makeKeyValueStoreRedis = (options: {
  readonly namespace: string
  readonly ttl: Duration.Duration
}) =>
  Effect.gen(function* () {
    const redis = yield* Redis.Redis
    const ttl = String(Math.ceil(Duration.toMillis(options.ttl)))
    const full = (key: string) => `${options.namespace}${key}`
    const keys = Effect.gen(function* () {
      const found: Array<string> = []
      let cursor = "0"
      do {
        const [next, batch] = yield* redis.send<[string, Array<string>]>(
          "SCAN",
          cursor,
          "MATCH",
          `${options.namespace}*`,
          "COUNT",
          "1000"
        )
        cursor = next
        for (const key of batch) found.push(key.slice(options.namespace.length))
      } while (cursor !== "0")
      return found
    }).pipe(Effect.mapError(kvError("keys")))
    return KeyValueStore.makeStringOnly({
      get: (key) =>
        redis.send<string | null>("GET", full(key)).pipe(
          Effect.map((value) => value ?? undefined),
          Effect.mapError(kvError("get", key))
        ),
      set: (key, value) =>
        Effect.asVoid(redis.send("SET", full(key), value, "PX", ttl)).pipe(
          Effect.mapError(kvError("set", key))
        ),
      remove: (key) =>
        Effect.asVoid(redis.send("DEL", full(key))).pipe(Effect.mapError(kvError("remove", key))),
      keys,
      size: Effect.map(keys, (all) => all.length),
      clear: Effect.flatMap(keys, (all) =>
        Effect.forEach(all, (key) => redis.send("DEL", full(key)), { discard: true }).pipe(
          Effect.mapError(kvError("clear"))
        )
      )
    })
  })

// Renews or releases the lock only while it is still ours (the token), atomically.
const renewScript = Redis.script((key: string, token: string, ttl: number) => [key, token, ttl], {
  numberOfKeys: 1,
  lua: `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`
}).withReturnType<number>()
const releaseScript = Redis.script((key: string, token: string) => [key, token], {
  numberOfKeys: 1,
  lua: `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`
}).withReturnType<number>()

/**
 * A lock per request key across replicas: `SET <key> <token> NX PX <ttl>`, renewed every third of
 * `ttl` while its holder lives, released by token. A holder that dies leaves it for at most `ttl`.
 * A holder that lost it anyway (paused past `ttl`) carries on: the ledger's `sentAt`, written before
 * every order, makes the next holder look for that order before placing one.
 */
export const makeLockRedis = (options: {
  readonly ttl: Duration.Duration
  readonly poll: Duration.Duration
}) =>
  Effect.gen(function* () {
    const redis = yield* Redis.Redis
    const ttl = Math.ceil(Duration.toMillis(options.ttl))
    const renew = redis.eval(renewScript)
    const release = redis.eval(releaseScript)
    const lock: Lock = (key) => (effect) =>
      Effect.scoped(
        Effect.gen(function* () {
          const name = `faultline:lock:${key}`
          const token = randomUUID()
          const take = redis.send<string | null>("SET", name, token, "NX", "PX", String(ttl))
          while ((yield* Effect.mapError(take, (cause) => ledgerUnavailable(cause))) !== "OK") {
            yield* Effect.sleep(options.poll)
          }
          yield* Effect.addFinalizer(() => Effect.ignore(release(name, token)))
          yield* Effect.forkScoped(
            Effect.ignore(renew(name, token, ttl)).pipe(
              Effect.repeat(Schedule.spaced(Duration.millis(ttl / 3)))
            )
          )
          return yield* effect
        })
      )
    return lock
  })

/** The ledger on Redis: shared by every replica on the same Redis. */
export const layerRedis = (options: {
  readonly lockTtl: Duration.Duration
  /** How long a finished request's line is kept. Default 30 days. */
  readonly entryTtl?: Duration.Duration | undefined
}): Layer.Layer<OrderLedger, never, Redis.Redis> =>
  Layer.effect(
    OrderLedger,
    Effect.gen(function* () {
      const lock = yield* makeLockRedis({ ttl: options.lockTtl, poll: Duration.millis(50) })
      const store = yield* makeKeyValueStoreRedis({
        namespace: "faultline:ledger:",
        ttl: options.entryTtl ?? Duration.days(30)
      })
      return yield* makeLedger(lock).pipe(Effect.provideService(KeyValueStore.KeyValueStore, store))
    })
  )
