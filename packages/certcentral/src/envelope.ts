import { upstreamBounds } from "@faultline/core/vendor/decode"

/** One entry of CertCentral's `errors`: `{ code, message }`; anything else on it is ignored. */
export interface ErrorEntry {
  readonly code: string
  readonly message?: unknown
}

// A response with more entries than this is not an error report any more; the first ones are kept.
export const maxEntries = upstreamBounds.maxEntries

// Read by hand rather than with Schema: the shape is two fields, the decoder runs once per upstream
// answer, and Schema (its parser and the copy it builds) was most of this step's cost and most of a
// decoder-only bundle.
const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

// An entry: a bare code string, or an object with a string `code` (own key) and any `message`.
const entry = (u: unknown): ErrorEntry | undefined => {
  if (typeof u === "string") return { code: u }
  if (!isRecord(u) || !Object.hasOwn(u, "code")) return undefined
  const code = u.code
  if (typeof code !== "string") return undefined
  return Object.hasOwn(u, "message") ? { code, message: u.message } : { code }
}

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
 * The entries of a parsed error body, in order; `[]` when there are none. Only own keys are read and
 * nothing is ever assigned by an upstream key, so `__proto__` entries pollute nothing.
 */
export const errorEntries = (body: unknown): ReadonlyArray<ErrorEntry> => {
  if (!isRecord(body) || !Object.hasOwn(body, "errors")) return []
  const out: Array<ErrorEntry> = []
  for (const c of candidates(body.errors)) {
    const e = entry(c)
    if (e !== undefined && e.code.trim().length > 0) out.push(e)
  }
  return out
}
