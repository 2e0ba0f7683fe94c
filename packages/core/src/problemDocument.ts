// The problem document as a frontend reads it: types only, no imports, so the entry
// `@faultline/core/problem` loads nothing at run time and needs no `effect` installed.
// `problem.schema.json` (shipped beside it) describes the same document as JSON Schema.

/** The stable `code` of a problem answering an upstream failure, one per category. */
export type UpstreamProblemCode =
  | "invalid_input"
  | "not_found"
  | "conflict"
  | "unprocessable"
  | "upstream_throttled"
  | "upstream_unavailable"
  | "upstream_timeout"
  | "upstream_error"

/** One rejected field in a problem's `errors`: `pointer` (JSON Pointer into the request) or `param`. */
export interface ProblemFieldError {
  readonly param?: string
  readonly pointer?: string
  readonly code: string
  readonly detail: string
}

/** What an app's `extend` hook may add: scalars only, never objects (see `ResponseOptions.extend`). */
export type ProblemExtensionValue = string | number | boolean | null

/**
 * The RFC 9457 `application/problem+json` document every faultline answer has: an upstream failure,
 * an app's own error answered with `problem()`, and the generic 500. The header `Content-Language`
 * names the language of `title`, `detail` and `errors[].detail`.
 */
export interface ProblemDocument {
  /** `urn:faultline:problem:<code>` unless the app set another prefix. */
  readonly type: string
  readonly title: string
  readonly status: number
  readonly detail: string
  /** Our request id (also in the `X-Request-Id` header). */
  readonly instance?: string
  /** Stable and machine-readable: one of ours, `internal_error`, or an app's own code. */
  readonly code: UpstreamProblemCode | "internal_error" | (string & {})
  readonly errors?: ReadonlyArray<ProblemFieldError>
  /** Seconds until a retry may succeed, when known (also the `Retry-After` header). */
  readonly retryAfter?: number
  /** Only when the server enables `exposeUpstreamCodes`: a documented code, or `unrecognized`. */
  readonly upstream?: { readonly vendor: string; readonly code: string }
  /** Extension members the app declared (`extend`, or `problem({ extensions })`). */
  readonly [member: string]: unknown
}
