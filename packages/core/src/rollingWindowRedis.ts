import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redis from "effect/persistence/Redis"
import { type Reservation, RollingWindowStore, RollingWindowStoreError } from "./RollingWindowStore.js"

// The rule of `RollingWindowStore` (see `reserveIn`), run atomically in Redis on Redis's own clock
// (`TIME`), so replicas with skewed clocks still share one timeline. Per key: a sorted set of request
// ids scored by their time (settle time, or deadline while in flight) and a sorted set of the
// requests in flight scored by their deadline. Every step is O(log n): waiters may ask often.
// Numbers cross the Lua boundary as strings (Redis truncates Lua numbers).
const reserveScript = Redis.script(
  (
    log: string,
    inFlight: string,
    id: string,
    hold: number,
    poll: number,
    horizon: number,
    windows: ReadonlyArray<number>
  ) => [log, inFlight, id, hold, poll, horizon, ...windows],
  {
    numberOfKeys: 2,
    lua: `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local nowText = string.format("%.3f", now)
local hold = tonumber(ARGV[2])
local poll = tonumber(ARGV[3])
local horizon = tonumber(ARGV[4])
local longest = 0
for j = 5, #ARGV, 2 do
  local w = tonumber(ARGV[j + 1])
  if w > longest then longest = w end
end
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", string.format("%.3f", now - longest))
-- Past their deadline, requests in flight count as settled at it (their holder is gone).
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", nowText)
local flying = redis.call("ZCARD", KEYS[2])
-- In the log, scores above now are requests in flight: the settled ones rank after them.
local above = redis.call("ZCOUNT", KEYS[1], "(" .. nowText, "+inf")
local slot = now
for j = 5, #ARGV, 2 do
  local k = tonumber(ARGV[j]) - flying
  if k <= 0 then
    return { "0", string.format("%.3f", poll) }
  end
  local kth = redis.call("ZREVRANGE", KEYS[1], above + k - 1, above + k - 1, "WITHSCORES")
  if #kth > 0 then
    local s = tonumber(kth[2]) + tonumber(ARGV[j + 1])
    if s > slot then slot = s end
  end
end
if slot - now > horizon then
  return { "0", string.format("%.3f", slot - now - horizon) }
end
local deadline = string.format("%.3f", slot + hold)
redis.call("ZADD", KEYS[1], deadline, ARGV[1])
redis.call("ZADD", KEYS[2], deadline, ARGV[1])
local ttl = math.ceil(slot + hold + longest - now)
redis.call("PEXPIRE", KEYS[1], ttl)
redis.call("PEXPIRE", KEYS[2], ttl)
return { "1", string.format("%.3f", slot - now) }
`
  }
).withReturnType<readonly [reserved: "0" | "1", millis: string]>()

const settleScript = Redis.script((log: string, inFlight: string, id: string) => [log, inFlight, id], {
  numberOfKeys: 2,
  lua: `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call("ZADD", KEYS[1], string.format("%.3f", now), ARGV[1])
redis.call("ZREM", KEYS[2], ARGV[1])
if redis.call("PTTL", KEYS[1]) < 0 then redis.call("PEXPIRE", KEYS[1], 3600000) end
return 1
`
})

/**
 * The store on effect's `Redis` service (`NodeRedis.layer({ url })` of `@effect/platform-node`
 * provides it): every replica on the same Redis and key shares one budget. Keys are
 * `<prefix><key>` and `<prefix><key>:flight`; default prefix `faultline:window:`.
 */
export const makeStoreRedis = (options?: { readonly prefix?: string | undefined }) =>
  Effect.gen(function* () {
    const redis = yield* Redis.Redis
    const prefix = options?.prefix ?? "faultline:window:"
    const reserve = redis.eval(reserveScript)
    const settle = redis.eval(settleScript)
    return RollingWindowStore.of({
      reserve: (o) =>
        reserve(
          `${prefix}${o.key}`,
          `${prefix}${o.key}:flight`,
          o.id,
          o.holdMillis,
          o.pollMillis,
          o.horizonMillis,
          o.windows.flatMap((w) => [w.limit, w.windowMillis])
        ).pipe(
          Effect.map(
            ([reserved, millis]): Reservation =>
              reserved === "1"
                ? { _tag: "Reserved", delayMillis: Math.max(0, Number(millis)) }
                : { _tag: "Blocked", retryMillis: Math.max(1, Number(millis)) }
          ),
          Effect.mapError((error) => new RollingWindowStoreError({ cause: error }))
        ),
      settle: ({ key, id }) =>
        settle(`${prefix}${key}`, `${prefix}${key}:flight`, id).pipe(
          Effect.asVoid,
          Effect.mapError((error) => new RollingWindowStoreError({ cause: error }))
        )
    })
  })

/** {@link makeStoreRedis} as a layer over effect's `Redis` service. */
export const layerStoreRedis = (options?: {
  readonly prefix?: string | undefined
}): Layer.Layer<RollingWindowStore, never, Redis.Redis> =>
  Layer.effect(RollingWindowStore, makeStoreRedis(options))
