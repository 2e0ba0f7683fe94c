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

// The issues of a reason without a parameter depend on its class alone: one frozen array per class,
// shared by every decode rather than built each time.
const fixedIssues = new Map<ReasonSpec, ReadonlyArray<FieldIssue> | undefined>()

/** The `issues` of a reason: its one field issue (see `fieldIssue`), or `undefined` for none. */
export const issuesOf = (
  spec: ReasonSpec,
  param: string | undefined
): ReadonlyArray<FieldIssue> | undefined => {
  if (param !== undefined) {
    const issue = fieldIssue(spec, param)
    return issue === undefined ? undefined : [issue]
  }
  if (fixedIssues.has(spec)) return fixedIssues.get(spec)
  const issue = fieldIssue(spec, undefined)
  const issues = issue === undefined ? undefined : Object.freeze([Object.freeze(issue)])
  fixedIssues.set(spec, issues)
  return issues
}
