import { upstreamBounds } from "@faultline/core/vendor"

/** A CertCentral error code split into the parts the catalogue keys on. */
export interface ParsedCode {
  /** The code as received, trimmed and bounded: what the reason's `code` carries. */
  readonly raw: string
  /** The catalogue key: `base` or `base|qualifier`, without `:param`, parts trimmed. */
  readonly key: string
  /** The parameter of `base:param` codes, when it is a plausible parameter name. */
  readonly param: string | undefined
}

// Upstream codes are data of any length; reasons keep at most this much of one.
export const maxCodeLength = upstreamBounds.maxCodeChars

// A parameter name reaches the caller (`errors[].param`), so only plain names pass.
const paramPattern = /^[A-Za-z0-9_.[\]-]{1,64}$/

/** Splits `base|qualifier` and `base:param`; trims stray whitespace. Never throws. */
export const parseCode = (input: string): ParsedCode => {
  const raw = input.trim().slice(0, maxCodeLength)
  const colon = raw.indexOf(":")
  const head = colon === -1 ? raw : raw.slice(0, colon)
  const tail = colon === -1 ? undefined : raw.slice(colon + 1).trim()
  const key = head
    .split("|")
    .map((part) => part.trim())
    .join("|")
    .toLowerCase()
  const param = tail !== undefined && paramPattern.test(tail) ? tail : undefined
  return { raw, key, param }
}
