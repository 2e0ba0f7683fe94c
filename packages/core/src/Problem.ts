import type { ProblemDetails } from "effect/http/ProblemDetails"
import type { ProblemCode } from "./Category.js"
import type { ProblemDocument, ProblemFieldError } from "./problemDocument.js"

export type { ProblemFieldError }

/**
 * The RFC 9457 body faultline sends downstream: the frontend's `ProblemDocument`, as Effect's
 * `ProblemDetails`, with our codes typed.
 */
export interface ProblemBody extends ProblemDetails, ProblemDocument {
  readonly title: string
  readonly status: number
  readonly detail: string
  /** Stable, machine-readable: one per category, `internal_error`, or an app's own (`problem()`). */
  readonly code: ProblemCode | "internal_error" | (string & {})
}

/** Everything an adapter needs to answer: status, headers and body. */
export interface ProblemResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: ProblemBody
}
