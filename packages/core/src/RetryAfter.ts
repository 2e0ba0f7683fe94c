import * as Duration from "effect/Duration"

// A hostile or broken upstream must not park a retry loop for years.
const ceiling = Duration.hours(24)
const ceilingMillis = Duration.toMillis(ceiling)
// Longer than any HTTP date or any sane number of seconds: not worth parsing.
const maxLength = 64

// RFC 9110 §5.6.7, the grammar of effect's `Headers.parseRetryAfter` (test/parsing.test.ts checks
// the two agree): IMF-fixdate, then the obsolete RFC 850 and asctime forms, all UTC. Written here
// rather than imported: `effect/http/Headers` brings DateTime, Context and the scheduler with it,
// half of a decoder-only bundle (`@faultline/<vendor>/decode`), for three regular expressions.
const wholeSeconds = /^\d+$/
const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
const httpDateFormats = [
  // Sun, 06 Nov 1994 08:49:37 GMT
  /^(?:mon|tue|wed|thu|fri|sat|sun), (?<day>\d{2}) (?<month>[a-z]{3}) (?<year>\d{4}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) gmt$/i,
  // Sunday, 06-Nov-94 08:49:37 GMT
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday), (?<day>\d{2})-(?<month>[a-z]{3})-(?<year>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) gmt$/i,
  // Sun Nov  6 08:49:37 1994
  /^(?:mon|tue|wed|thu|fri|sat|sun) (?<month>[a-z]{3}) (?<day> \d|\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<year>\d{4})$/i
]

// Epoch ms of an HTTP date, or undefined: an impossible date (31 Feb, 24:00) is not one.
const httpDateToMillis = (input: string): number | undefined => {
  for (const format of httpDateFormats) {
    const groups = format.exec(input)?.groups
    if (groups === undefined) continue
    const month = monthNames.indexOf((groups.month ?? "").toLowerCase())
    const hour = Number(groups.hour)
    const minute = Number(groups.minute)
    const second = Number(groups.second)
    // 23:59:60 is a leap second; it reads as the next second.
    if (month === -1 || hour > 23 || minute > 59 || second > 60) return undefined
    const digits = groups.year ?? ""
    // Two-digit years (RFC 850): 70-99 are 19xx, the rest 20xx.
    const year = Number(digits) + (digits.length === 2 ? (Number(digits) < 70 ? 2000 : 1900) : 0)
    const day = Number(groups.day)
    // setUTCFullYear keeps years below 100 as they are (Date.UTC would not).
    const date = new Date(0)
    date.setUTCFullYear(year, month, day)
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) {
      return undefined
    }
    return date.getTime() + ((hour * 60 + minute) * 60 + second) * 1000
  }
  return undefined
}

/**
 * Reads a `Retry-After` value (RFC 9110: delay-seconds or an HTTP date) relative to `now` (epoch ms).
 * Every HTTP-date form reads as UTC, whatever the process time zone (`Date.parse` reads the asctime
 * form as local time). Returns `undefined` for a missing or unreadable value; dates in the past give
 * zero; values are capped at 24 hours. Never throws.
 */
export const parseRetryAfter = (value: unknown, now: number): Duration.Duration | undefined => {
  const raw = Array.isArray(value) ? value[0] : value
  if (typeof raw !== "string" && typeof raw !== "number") return undefined
  const text = String(raw)
  if (text.length > maxLength) return undefined
  const trimmed = text.trim()
  if (wholeSeconds.test(trimmed)) {
    const seconds = Number(trimmed)
    return seconds * 1000 >= ceilingMillis ? ceiling : Duration.seconds(seconds)
  }
  const millis = httpDateToMillis(trimmed)
  return millis === undefined
    ? undefined
    : Duration.millis(Math.min(Math.max(0, millis - now), ceilingMillis))
}

/** Whole seconds for a `Retry-After` header, rounded up so a client never comes back too early. */
export const retryAfterSeconds = (duration: Duration.Duration): number =>
  Math.ceil(Duration.toMillis(duration) / 1000)
