import type { Category } from "./Category.js"
import type { FailureDescription } from "./describeFailure.js"
import type { Locale } from "./Locale.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"

/**
 * The fields that shape a problem response, declared once: `toProblem`'s `ProblemOptions` and the
 * adapters' `ResponseOptions` both extend it, so the two cannot drift. `L` is how the locale is given:
 * a fixed `Locale` for `toProblem`, a fixed one or a per-request choice for the adapters.
 */
export interface BaseResponseOptions<L = Locale> {
  /**
   * Downstream status per category, replacing the defaults (integers 400–599). `misconfigured`
   * follows `upstream-error` unless given its own, so the two stay indistinguishable.
   */
  readonly statusByCategory?: Partial<Record<Category, number>> | undefined
  /** Prefix of the problem `type`; the stable code is appended. Default `urn:faultline:problem:`. */
  readonly typeBaseUri?: string | undefined
  /**
   * Add `upstream: { vendor, code }` to the body. Off by default; never for misconfigured failures.
   * `code` is a documented code only; any other becomes the fixed placeholder `unrecognized`.
   */
  readonly exposeUpstreamCodes?: boolean | undefined
  /**
   * Header carrying our request id (the problem's `instance`). Default `X-Request-Id`; `false` to
   * send none. The adapters also read an incoming id from it (reused when well-formed).
   */
  readonly requestIdHeader?: string | false | undefined
  /** Header carrying the upstream's request id (DO-API RequestId). Default `X-Upstream-Request-Id`. */
  readonly upstreamRequestIdHeader?: string | false | undefined
  /**
   * The locale of title and detail: a fixed one or, for the adapters, chosen per request. When
   * omitted, or when that choice returns `undefined`, it is negotiated from `Accept-Language` (en or
   * ja; default en).
   */
  readonly locale?: L | undefined
}

/** What the `onFailure` hook is told besides the log-safe description. */
export interface FailureContext<Req> {
  /** The faultline failure found in the error; its `upstreamMessage` stays `Redacted`. */
  readonly error: UpstreamFailure
  /** The framework's request object. */
  readonly request: Req
  /** Our request id: the problem's `instance` and the request-id header. */
  readonly requestId: string
  /** The downstream status: the problem's, or the one the client already got when `aborted`. */
  readonly status: number
  /**
   * `true` when the response had already started (headers sent) and could not become a problem:
   * the client got `status` and an incomplete body, and the response is aborted.
   */
  readonly aborted: boolean
}

/**
 * How upstream failures become downstream responses: the options every framework adapter takes, so
 * the Express and NestJS adapters cannot drift. `Req` is the framework's request type.
 */
export interface ResponseOptions<Req>
  extends BaseResponseOptions<Locale | ((request: Req) => Locale | undefined)> {
  /**
   * The app's own request id (e.g. one set by a logging middleware). Used when it returns a
   * well-formed id; otherwise the incoming request-id header, else a new UUID.
   */
  readonly requestId?: ((request: Req) => string | undefined) | undefined
  /**
   * Logging hook, called once per failure with its internal, log-safe facts (vendor, code, upstream
   * status, `upstreamRequestId`, category...); the context has our own `requestId`. Exceptions it
   * throws are ignored: a faulty logger must not change the response.
   */
  readonly onFailure?: ((description: FailureDescription, context: FailureContext<Req>) => void) | undefined
}
