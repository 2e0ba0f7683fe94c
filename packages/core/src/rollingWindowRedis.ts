import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redis from "effect/persistence/Redis"
import { type Reservation, RollingWindowStore, RollingWindowStoreError } from "./RollingWindowStore.js"

// The rule of `RollingWindowStore` (see `reserveIn`), run atomically in Redis on Redis's own clock
// (`TIME`), so replicas with skewed clocks still share one timeline. Per key: a sorted set of request
// ids scored by their time (settle time, or deadline while in flight) and a sorted set of the
// requests in flight scored by their deadline. Every step is O(log n) per id served.
// Numbers cross the Lua boundary as strings (Redis truncates Lua numbers).
// ARGV: poll, horizon, hold, window count, (limit, window)..., ids...
// Returns: served count, next reason ("" | "flight" | "later"), retry millis, delays...
const reserveScript = Redis.script(
  (
    log: string,
    inFlight: string,
    ids: ReadonlyArray<string>,
    hold: number,
    poll: number,
    horizon: number,
    windows: ReadonlyArray<number>
  ) => [log, inFlight, poll, horizon, hold, windows.length / 2, ...windows, ...ids],
  {
    numberOfKeys: 2,
    lua: `
local t = redis.call("TIME")
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local nowText = string.format("%.3f", now)
local poll = tonumber(ARGV[1])
local horizon = tonumber(ARGV[2])
local hold = tonumber(ARGV[3])
local count = tonumber(ARGV[4])
local longest = 0
for j = 5, 4 + 2 * count, 2 do
  local w = tonumber(ARGV[j + 1])
  if w > longest then longest = w end
end
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", string.format("%.3f", now - longest))
-- Past their deadline, requests in flight count as settled at it (their holder is gone).
redis.call("ZREMRANGEBYSCORE", KEYS[2], "-inf", nowText)
local flying = redis.call("ZCARD", KEYS[2])
-- In the log, scores above now are requests in flight: the settled ones rank after them.
local above = redis.call("ZCOUNT", KEYS[1], "(" .. nowText, "+inf")
local result = { "0", "", "0" }
local served = 0
for i = 5 + 2 * count, #ARGV do
  local slot = now
  for j = 5, 4 + 2 * count, 2 do
    local k = tonumber(ARGV[j]) - flying
    if k <= 0 then
      -- Nothing changes before an answer comes back or the first holder's deadline passes.
      local first = redis.call("ZRANGE", KEYS[2], 0, 0, "WITHSCORES")
      local retry = poll
      if #first > 0 and tonumber(first[2]) - now < retry then retry = tonumber(first[2]) - now end
      result[2] = "flight"
      result[3] = string.format("%.3f", retry)
      result[1] = tostring(served)
      return result
    end
    local kth = redis.call("ZREVRANGE", KEYS[1], above + k - 1, above + k - 1, "WITHSCORES")
    if #kth > 0 then
      local s = tonumber(kth[2]) + tonumber(ARGV[j + 1])
      if s > slot then slot = s end
    end
  end
  if slot - now > horizon then
    result[2] = "later"
    result[3] = string.format("%.3f", slot - now - horizon)
    break
  end
  local deadline = string.format("%.3f", slot + hold)
  redis.call("ZADD", KEYS[1], deadline, ARGV[i])
  redis.call("ZADD", KEYS[2], deadline, ARGV[i])
  flying = flying + 1
  above = above + 1
  served = served + 1
  result[3 + served] = string.format("%.3f", slot - now)
  local ttl = math.ceil(slot + hold + longest - now)
  if redis.call("PTTL", KEYS[1]) < ttl then redis.call("PEXPIRE", KEYS[1], ttl) end
  if redis.call("PTTL", KEYS[2]) < ttl then redis.call("PEXPIRE", KEYS[2], ttl) end
end
result[1] = tostring(served)
return result
`
  }
).withReturnType<ReadonlyArray<string>>()

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

// A request never sent is forgotten: its slot goes back to the budget.
const releaseScript = Redis.script((log: string, inFlight: string, id: string) => [log, inFlight, id], {
  numberOfKeys: 2,
  lua: `
redis.call("ZREM", KEYS[1], ARGV[1])
redis.call("ZREM", KEYS[2], ARGV[1])
return 1
`
})

/** The answer of the reserve script as a {@link Reservation}. */
const reservationOf = (answer: ReadonlyArray<string>): Reservation => {
  const served = Number(answer[0])
  const delays = answer.slice(3, 3 + served).map((millis) => Math.max(0, Number(millis)))
  const reason = answer[1]
  return reason === "flight" || reason === "later"
    ? { delays, next: { reason, retryMillis: Math.max(1, Number(answer[2])) } }
    : { delays }
}

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
    const release = redis.eval(releaseScript)
    const failed = (error: unknown) => new RollingWindowStoreError({ cause: error })
    return RollingWindowStore.of({
      reserve: (o) =>
        reserve(
          `${prefix}${o.key}`,
          `${prefix}${o.key}:flight`,
          o.ids,
          o.holdMillis,
          o.pollMillis,
          o.horizonMillis,
          o.windows.flatMap((w) => [w.limit, w.windowMillis])
        ).pipe(Effect.map(reservationOf), Effect.mapError(failed)),
      settle: ({ key, id }) =>
        settle(`${prefix}${key}`, `${prefix}${key}:flight`, id).pipe(Effect.asVoid, Effect.mapError(failed)),
      release: ({ key, id }) =>
        release(`${prefix}${key}`, `${prefix}${key}:flight`, id).pipe(Effect.asVoid, Effect.mapError(failed))
    })
  })

/** {@link makeStoreRedis} as a layer over effect's `Redis` service. */
export const layerStoreRedis = (options?: {
  readonly prefix?: string | undefined
}): Layer.Layer<RollingWindowStore, never, Redis.Redis> =>
  Layer.effect(RollingWindowStore, makeStoreRedis(options))
