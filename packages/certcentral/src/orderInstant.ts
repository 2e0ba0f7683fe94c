// DigiCert writes `date_created` as ISO 8601 with an offset (`2018-10-16T17:29:56+00:00`, its List
// orders example; go-certcentral reads it as an RFC 3339 time). A date without a zone would be read
// in the process's time zone by `Date.parse` (nine hours off in Tokyo), which could date our own
// order before the attempt and prove it absent: such a date reads as unknown instead.
const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i

/** The instant of an order's `date_created` (epoch ms), or `NaN` when it carries no explicit zone. */
export const orderInstant = (text: string | undefined): number =>
  text !== undefined && withZone.test(text.trim()) ? Date.parse(text.trim()) : Number.NaN
