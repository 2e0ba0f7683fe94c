import type { UpstreamProblemCode } from "./problemDocument.js"

/**
 * What an upstream failure means for *our* caller. The category fixes the default downstream status
 * and the stable problem `code`; vendors choose it per upstream code, adapters only ever read it.
 */
export type Category =
  | "invalid-input"
  | "not-found"
  | "conflict"
  | "rejected"
  | "throttled"
  | "unavailable"
  | "timeout"
  | "upstream-error"
  | "misconfigured"

/** Every category, in the order of DESIGN.md's table. */
export const categories: ReadonlyArray<Category> = [
  "invalid-input",
  "not-found",
  "conflict",
  "rejected",
  "throttled",
  "unavailable",
  "timeout",
  "upstream-error",
  "misconfigured"
]

/** The stable `code` extension of a downstream problem (declared with the frontend's types). */
export type ProblemCode = UpstreamProblemCode

interface CategoryMapping {
  readonly status: number
  readonly code: ProblemCode
}

// misconfigured shares upstream-error's status and code on purpose: the caller must not be able to
// tell that our credentials, signing or client code were at fault.
const mappings: { readonly [C in Category]: CategoryMapping } = {
  "invalid-input": { status: 400, code: "invalid_input" },
  "not-found": { status: 404, code: "not_found" },
  conflict: { status: 409, code: "conflict" },
  rejected: { status: 422, code: "unprocessable" },
  throttled: { status: 503, code: "upstream_throttled" },
  unavailable: { status: 503, code: "upstream_unavailable" },
  timeout: { status: 504, code: "upstream_timeout" },
  "upstream-error": { status: 502, code: "upstream_error" },
  misconfigured: { status: 502, code: "upstream_error" }
}

/** The default downstream HTTP status of a category. */
export const defaultStatus = (category: Category): number => mappings[category].status

/** The stable problem code of a category. */
export const problemCode = (category: Category): ProblemCode => mappings[category].code

/** Whether a value is one of the nine categories. */
export const isCategory = (u: unknown): u is Category => typeof u === "string" && Object.hasOwn(mappings, u)
