import { hashedCode, upstreamBounds } from "@faultline/core/vendor/decode"
import { isDocumentedParam } from "./params.js"

/** A CertCentral error code split into the parts the catalogue keys on. */
export interface ParsedCode {
  /** The code as received, trimmed and bounded: what the reason's `upstreamCode` keeps (redacted). */
  readonly raw: string
  /** The catalogue key: `base` or `base|qualifier`, without `:param`, parts trimmed. */
  readonly key: string
  /**
   * The parameter of `base:param` codes, only when it is a documented parameter of the endpoints we
   * call (see `params.ts`): any other name is upstream-written text and never travels.
   */
  readonly param: string | undefined
  /** Whether the code had a `:param` part at all (documented or not). */
  readonly hasParam: boolean
}

// Upstream codes are data of any length; reasons keep at most this much of one.
export const maxCodeLength = upstreamBounds.maxCodeChars

/** Splits `base|qualifier` and `base:param`; trims stray whitespace. Never throws. */
export const parseCode = (input: string): ParsedCode => {
  const raw = input.trim().slice(0, maxCodeLength)
  const colon = raw.indexOf(":")
  const head = colon === -1 ? raw : raw.slice(0, colon)
  const tail = colon === -1 ? undefined : raw.slice(colon + 1).trim()
  // Most codes have no `|qualifier`, and qualified ones rarely any whitespace to trim: no split for them.
  const key = (
    head.includes("|") && /\s/.test(head)
      ? head
          .split("|")
          .map((part) => part.trim())
          .join("|")
      : head.trim()
  ).toLowerCase()
  const param = tail !== undefined && isDocumentedParam(tail) ? tail : undefined
  return { raw, key, param, hasParam: tail !== undefined && tail.length > 0 }
}

/**
 * The log-safe code of a parsed code (the reason's `code`): the documented code as DigiCert spells it
 * (`not_found|order`, `invalid_value:dcv_method`), else the documented part plus a short hash of the
 * raw code (`invalid_value#1a2b3c4d` for an undocumented parameter, `caa_check_failed#…` for an
 * unknown qualifier), else `unrecognized#<hash>`.
 *
 * @param documented the catalogue code of the reason class the code decoded to, if any
 * @param parameterised whether that class takes a `:param`
 */
export const sanitizedCode = (
  code: ParsedCode,
  documented: string | undefined,
  parameterised: boolean
): string => {
  if (documented === undefined) return hashedCode(code.raw)
  if (code.key !== documented) return hashedCode(code.raw, documented)
  if (!parameterised) return code.hasParam ? hashedCode(code.raw, documented) : documented
  if (code.param !== undefined) return `${documented}:${code.param}`
  return code.hasParam ? hashedCode(code.raw, documented) : documented
}
