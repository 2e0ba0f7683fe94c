/** One rolling window: at most `limit` requests in any `windowMillis`. */
export interface RateLimit {
  readonly limit: number
  readonly windowMillis: number
}

/** DigiCert's documented limits per API key: 100 requests / 5 s and 1000 requests / 3 min. */
export const defaultRateLimits: ReadonlyArray<RateLimit> = [
  { limit: 100, windowMillis: 5_000 },
  { limit: 1000, windowMillis: 180_000 }
]

export const checkRateLimits = (where: string, value: unknown): ReadonlyArray<RateLimit> => {
  if (value === undefined) return defaultRateLimits
  const bad = (): never => {
    throw new TypeError(
      `${where}: option "rateLimits" must be an array of { limit, windowMillis } with positive integers`
    )
  }
  if (!Array.isArray(value)) return bad()
  return value.map((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return bad()
    const keys = Object.keys(entry)
    if (keys.some((key) => key !== "limit" && key !== "windowMillis")) return bad()
    const { limit, windowMillis } = entry as Record<string, unknown>
    const positive = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n > 0
    if (!positive(limit) || !positive(windowMillis)) return bad()
    return { limit, windowMillis }
  })
}

/**
 * Exact rolling windows per key (a log of accepted request times, not buckets): a request at time t
 * is accepted when, for every window, fewer than `limit` accepted requests have times in
 * `(t - windowMillis, t]`. A refused request does not count.
 */
export class RollingWindows {
  private readonly log = new Map<string, Array<number>>()
  private readonly longest: number

  constructor(private readonly limits: ReadonlyArray<RateLimit>) {
    this.longest = Math.max(0, ...limits.map((l) => l.windowMillis))
  }

  /** Records and accepts the request, or refuses it (`false`). */
  tryAcquire(key: string, now: number): boolean {
    const times = (this.log.get(key) ?? []).filter((t) => t > now - this.longest)
    for (const { limit, windowMillis } of this.limits) {
      if (times.filter((t) => t > now - windowMillis).length >= limit) {
        this.log.set(key, times)
        return false
      }
    }
    times.push(now)
    this.log.set(key, times)
    return true
  }
}
