/**
 * Upstream codes are upstream-written text: an unknown code, a `:param` or a `|qualifier` may carry
 * anything the upstream (or whoever answers in its place) chose, an e-mail address or a key-like token
 * included. Only codes a vendor documents travel as they are; anything else is replaced by a fixed
 * placeholder and a short hash of the raw code, so operators can still tell two unknown codes apart
 * and correlate them with the vendor, without the text itself reaching a log line or an error message.
 */

/** The placeholder of a code nobody documents. */
export const unrecognizedPlaceholder = "unrecognized"

// FNV-1a, 32 bits: short, stable across processes and platforms, no crypto dependency. It is a
// correlation tag for operators, not a secret-keeping hash.
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** The short hash of a raw upstream code: 8 lower-case hex digits. */
export const codeHash = (raw: string): string => fnv1a(raw).toString(16).padStart(8, "0")

/**
 * The log-safe form of a code nobody documents: `<known>#<hash>`, where `known` is the documented part
 * (e.g. `invalid_value` of `invalid_value:<unknown param>`) or the fixed placeholder `unrecognized`.
 */
export const hashedCode = (raw: string, known: string = unrecognizedPlaceholder): string =>
  `${known}#${codeHash(raw)}`

// A documented code, optionally followed by the hash of the raw code it stands for.
const documentedShape = /^[A-Za-z0-9_][A-Za-z0-9_.:|[\]-]{0,79}$/
const sanitizedShape = /^[A-Za-z0-9_][A-Za-z0-9_.:|[\]-]{0,79}(#[0-9a-f]{8})?$/

/**
 * The code as logs and messages may carry it. Vendors already sanitise `code` (see `Reason`); this is
 * core's defence for any other reason: a code of the shape of a sanitised one passes, anything else
 * becomes `unrecognized#<hash>`.
 */
export const logSafeCode = (code: unknown): string => {
  if (typeof code !== "string") return unrecognizedPlaceholder
  return sanitizedShape.test(code) ? code : hashedCode(code)
}

/**
 * The code as a downstream caller may see it (`exposeUpstreamCodes`): the documented part of a
 * sanitised code, without the hash (a hash of upstream text is not the caller's business), or the
 * fixed placeholder.
 */
export const downstreamCode = (code: unknown): string => {
  if (typeof code !== "string") return unrecognizedPlaceholder
  const hash = code.indexOf("#")
  const known = hash === -1 ? code : code.slice(0, hash)
  return documentedShape.test(known) ? known : unrecognizedPlaceholder
}
