import type { ProblemDetails } from "effect/http/ProblemDetails"
import type { ProblemCode } from "./Category.js"

/** One rejected field in a problem's `errors`. */
export interface ProblemFieldError {
  readonly param?: string
  readonly pointer?: string
  readonly code: string
  readonly detail: string
}

/** The RFC 9457 body faultline sends downstream, as Effect's `ProblemDetails` with our extensions. */
export interface ProblemBody extends ProblemDetails {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  readonly instance?: string
  /** Stable, machine-readable: one per category, or `internal_error` for anything else. */
  readonly code: ProblemCode | "internal_error"
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
