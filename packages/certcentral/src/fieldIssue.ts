import type { FieldIssue } from "@faultline/core"
import type { ReasonSpec } from "@faultline/core/vendor/decode"

/**
 * Fields named by codes that carry no `:param`. Only codes that can refer to one field of the
 * certificate request body (`certificate.common_name`, `certificate.csr`, as in `OrderRequest`)
 * are mapped; the organization and address codes may concern several fields and stay unnamed.
 */
export const impliedParams: ReadonlyMap<string, string> = new Map([
  ["rfc5280_common_name_invalid", "certificate.common_name"],
  ["rfc5280_common_name_too_long", "certificate.common_name"],
  ["csr_invalid_cannot_parse", "certificate.csr"]
])

/**
 * The rejected-field entry of one invalid-input error entry, so a 400 listing several fields keeps
 * them all in the problem's `errors`. The code is our catalogue's (token-safe, stable), never the
 * raw upstream string. With a documented parameter from `invalid_value:<param>`-style codes (see
 * `params.ts`), core's text for the code names the field; otherwise (no parameter, or one DigiCert does
 * not document for our endpoints) the reason's own text describes it, naming no field.
 */
export const fieldIssue = (spec: ReasonSpec, param: string | undefined): FieldIssue | undefined => {
  if (spec.category !== "invalid-input") return undefined
  if (param !== undefined) return { param, code: spec.code }
  const implied = impliedParams.get(spec.code)
  const text = spec.text
  if (implied !== undefined)
    return text !== undefined
      ? { param: implied, code: spec.code, text }
      : { param: implied, code: spec.code }
  return text !== undefined ? { code: spec.code, text } : { code: spec.code }
}
