import type { Category } from "./Category.js"
import type { FailureDescription } from "./describeFailure.js"
import type { ProblemMessages } from "./ProblemMessages.js"
import type { ProblemExtensionValue } from "./problemDocument.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"

/**
 * The fields that shape a problem response, declared once: `toProblem`'s `ProblemOptions` and the
 * adapters' `ResponseOptions` both extend it, so the two cannot drift. `L` is how the locale is given:
 * a fixed language tag for `toProblem`, a fixed one or a per-request choice for the adapters.
 */
export interface BaseResponseOptions<L = string> {
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
   * The language of title and detail (`en`, `ja`, or one added with `messages`): a fixed one or, for
   * the adapters, chosen per request. When omitted, or when that choice returns `undefined`, it is
   * negotiated from `Accept-Language` (default en) and the problem says `Vary: Accept-Language`.
   * Every localised problem says its language in `Content-Language`.
   */
  readonly locale?: L | undefined
  /**
   * Our words replaced, or a language added: `{ en: { conflict: { title, detail } }, fr: {...} }`.
   * An added language must give every code and `field`; checked when the adapter is built (a
   * `TypeError` naming the missing codes).
   */
  readonly messages?: ProblemMessages | undefined
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
export interface ResponseOptions<Req, M extends string = string>
  extends BaseResponseOptions<string | ((request: Req) => string | undefined)> {
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
  /**
   * The extension members `extend` may add, declared up front (checked at start: JSON identifiers,
   * never `type`, `title`, `status`, `detail`, `instance`, `code`, `errors`, `retryAfter`, `upstream`).
   */
  readonly extensionMembers?: ReadonlyArray<M> | undefined
  /**
   * Adds extension members to the problem of an upstream failure, computed from typed fields:
   * `(failure, request, error) => ({ orderId: error instanceof OrderStepFailed ? error.orderId : undefined })`,
   * where `error` is what was caught (the app's wrapper around the failure, if any). Only declared
   * members go on the wire, as scalars; a string must be a short token (letters, digits, `_ . : + = -`)
   * found in no upstream-written text of the failure (its messages and raw codes), so upstream text
   * cannot ride along. Anything else, and a hook that throws, adds nothing.
   */
  readonly extend?:
    | ((
        failure: UpstreamFailure,
        request: Req,
        error: unknown
      ) => { readonly [K in M]?: ProblemExtensionValue | undefined } | undefined)
    | undefined
}
