import type { ProblemDetails } from "effect/http/ProblemDetails"
import type { ProblemCode } from "./Category.js"
import type { ProblemDocument, ProblemFieldError } from "./problemDocument.js"

export type { ProblemFieldError }

/** The RFC 9457 body faultline sends downstream, as Effect's `ProblemDetails` with our extensions. */
export interface ProblemBody extends ProblemDetails, ProblemDocument {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly instance?: string
  /** Stable, machine-readable: one per category, `internal_error`, or an app's own (`problem()`). */
  readonly code: ProblemCode | "internal_error" | (string & {})
  readonly errors?: ReadonlyArray<ProblemFieldError>
  /** Seconds until a retry may succeed, when known. */
  readonly retryAfter?: number
  /**
   * Only with `exposeUpstreamCodes`, and never for misconfigured failures: a documented code, or the
   * fixed placeholder `unrecognized` (never the upstream's own text).
   */
  readonly upstream?: { readonly vendor: string; readonly code: string }
}

/** Everything an adapter needs to answer: status, headers and body. */
export interface ProblemResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: ProblemBody
}
