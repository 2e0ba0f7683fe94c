import * as Duration from "effect/Duration"
import * as Headers from "effect/http/Headers"
import * as Result from "effect/Result"

// A hostile or broken upstream must not park a retry loop for years.
const ceiling = Duration.hours(24)
// Longer than any HTTP date or any sane number of seconds: not worth parsing.
const maxLength = 64

/**
 * Reads a `Retry-After` value (RFC 9110: delay-seconds or an HTTP date) relative to `now` (epoch ms).
 * The grammar is effect's own `Headers.parseRetryAfter`, which reads every HTTP-date form as UTC,
 * whatever the process time zone (`Date.parse` reads the asctime form as local time). Returns
 * `undefined` for a missing or unreadable value; dates in the past give zero; values are capped at
 * 24 hours. Never throws.
 */
export const parseRetryAfter = (value: unknown, now: number): Duration.Duration | undefined => {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== "string" && typeof raw !== "number") return undefined
  const text = String(raw)
  if (text.length > maxLength) return undefined
  const parsed = Headers.parseRetryAfter(text)
  if (Result.isFailure(parsed)) return undefined
  return Duration.min(Headers.retryAfterDelay(parsed.success, now), ceiling)
}

/** Whole seconds for a `Retry-After` header, rounded up so a client never comes back too early. */
export const retryAfterSeconds = (duration: Duration.Duration): number =>
  Math.ceil(Duration.toMillis(duration) / 1000)
