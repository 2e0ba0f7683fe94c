import * as Duration from "effect/Duration"

// A hostile or broken upstream must not park a retry loop for years.
const ceiling = Duration.hours(24)

/**
 * Reads a `Retry-After` value (RFC 9110: delay-seconds or an HTTP date) relative to `now` (epoch ms).
 * Returns `undefined` for a missing or unreadable value; dates in the past give zero; values are
 * capped at 24 hours. Never throws.
 */
export const parseRetryAfter = (value: unknown, now: number): Duration.Duration | undefined => {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== "string" && typeof raw !== "number") return undefined
  const text = String(raw).trim()
  if (text.length === 0 || text.length > 64) return undefined
  if (/^\d+$/.test(text)) return Duration.min(Duration.seconds(Number(text)), ceiling)
  const at = Date.parse(text)
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return undefined
  return Duration.min(Duration.millis(Math.max(0, at - now)), ceiling)
}

/** Whole seconds for a `Retry-After` header, rounded up so a client never comes back too early. */
export const retryAfterSeconds = (duration: Duration.Duration): number =>
  Math.ceil(Duration.toMillis(duration) / 1000)
