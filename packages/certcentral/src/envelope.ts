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
 * Visits the entries of a parsed error body, in order: an entry is a bare code string, or an object
 * with a string `code` (own key) and any `message` (own key, else `undefined`); anything else, and
 * blank codes, are skipped. A visitor rather than a list of entries: the decoder turns each straight
 * into a reason. Only own keys are read and nothing is ever assigned by an upstream key, so
 * `__proto__` entries pollute nothing.
 */
export const forEachEntry = (body: unknown, visit: (code: string, message: unknown) => void): void => {
  if (!isRecord(body) || !Object.hasOwn(body, "errors")) return
  for (const c of candidates(body.errors)) {
    if (typeof c === "string") {
      if (c.trim().length > 0) visit(c, undefined)
    } else if (isRecord(c) && Object.hasOwn(c, "code")) {
      const code = c.code
      if (typeof code === "string" && code.trim().length > 0)
        visit(code, Object.hasOwn(c, "message") ? c.message : undefined)
    }
  }
}
