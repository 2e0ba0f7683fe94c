import { upstreamBounds } from "@faultline/core/vendor/decode"

// A response with more entries than this is not an error report any more; the first ones are kept.
export const maxEntries = upstreamBounds.maxEntries

// Read by hand rather than with Schema: the shape is two fields, the decoder runs once per upstream
// answer, and Schema (its parser and the copy it builds) was most of this step's cost and most of a
// decoder-only bundle.
const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

// The candidate entries of `errors`: documented as an array; an object (one entry, or a map of them)
// and a bare string are accepted too.
const candidates = (errors: unknown): ReadonlyArray<unknown> => {
  if (Array.isArray(errors)) return errors.length > maxEntries ? errors.slice(0, maxEntries) : errors
  if (isRecord(errors)) {
    return Object.hasOwn(errors, "code")
      ? [errors]
      : Object.keys(errors)
          .slice(0, maxEntries)
          .map((k) => Object.getOwnPropertyDescriptor(errors, k)?.value)
  }
  return typeof errors === "string" ? [errors] : []
}

/**
 * The candidate entries of a parsed error body, in order (`[]` when it has no `errors`); read each
 * with `entryCode` and `entryMessage`. Only own keys are read and nothing is ever assigned by an
 * upstream key, so `__proto__` entries pollute nothing.
 */
export const entriesOf = (body: unknown): ReadonlyArray<unknown> =>
  isRecord(body) && Object.hasOwn(body, "errors") ? candidates(body.errors) : []

/**
 * The code of one candidate entry: a bare code string, or an object's string `code` (own key);
 * `undefined` for anything else and for blank codes (the entry is skipped).
 */
export const entryCode = (entry: unknown): string | undefined => {
  const code =
    typeof entry === "string"
      ? entry
      : isRecord(entry) && Object.hasOwn(entry, "code")
        ? entry.code
        : undefined
  return typeof code === "string" && code.trim().length > 0 ? code : undefined
}

/** The `message` of an entry whose code was read (own key only), else `undefined`. */
export const entryMessage = (entry: unknown): unknown =>
  isRecord(entry) && Object.hasOwn(entry, "message") ? entry.message : undefined
