import { upstreamBounds } from "@faultline/core/vendor"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** One entry of CertCentral's `errors`: `{ code, message }`; anything else on it is ignored. */
export const ErrorEntry = Schema.Struct({
  code: Schema.String,
  message: Schema.optional(Schema.Unknown)
})
export type ErrorEntry = typeof ErrorEntry.Type

/** The envelope: `errors` is documented as an array; an object (one entry, or a map of them) is accepted. */
export const ErrorEnvelope = Schema.Struct({
  errors: Schema.Unknown
})

const decodeEntry = Schema.decodeUnknownOption(ErrorEntry)
const decodeEnvelope = Schema.decodeUnknownOption(ErrorEnvelope)

// A response with more entries than this is not an error report any more; the first ones are kept.
export const maxEntries = upstreamBounds.maxEntries

const entry = (u: unknown): ErrorEntry | undefined => {
  if (typeof u === "string") return { code: u }
  return Option.getOrUndefined(decodeEntry(u))
}

/**
 * The entries of a parsed error body, in order; `[]` when there are none. Only own keys are read and
 * nothing is ever assigned by an upstream key, so `__proto__` entries pollute nothing.
 */
export const errorEntries = (body: unknown): ReadonlyArray<ErrorEntry> => {
  const envelope = Option.getOrUndefined(decodeEnvelope(body))
  if (envelope === undefined) return []
  const errors = envelope.errors
  let candidates: ReadonlyArray<unknown>
  if (Array.isArray(errors)) candidates = errors.slice(0, maxEntries)
  else if (typeof errors === "object" && errors !== null) {
    candidates = Object.hasOwn(errors, "code")
      ? [errors]
      : Object.keys(errors)
          .slice(0, maxEntries)
          .map((k) => Object.getOwnPropertyDescriptor(errors, k)?.value)
  } else if (typeof errors === "string") candidates = [errors]
  else candidates = []
  const out: Array<ErrorEntry> = []
  for (const c of candidates) {
    const e = entry(c)
    if (e !== undefined && e.code.trim().length > 0) out.push(e)
  }
  return out
}
