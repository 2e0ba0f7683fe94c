import type { Category, FailureDescription, Locale, UpstreamFailure } from "@faultline/core"
import type { Request } from "express"

/** What the `onFailure` hook is told besides the log-safe description. */
export interface FailureContext {
  /** The faultline failure found in the error; its `upstreamMessage` stays `Redacted`. */
  readonly error: UpstreamFailure
  /** The request that failed. */
  readonly req: Request
  /** Our request id: the problem's `instance` and the request-id header. */
  readonly requestId: string
  /** The downstream status that is sent. */
  readonly status: number
}

/** How upstream failures become downstream responses (the same options as the Nest adapter). */
export interface UpstreamErrorHandlerOptions {
  /** Downstream status per category, replacing the defaults (only 4xx/5xx values are used). */
  readonly statusByCategory?: Partial<Record<Category, number>> | undefined
  /** Prefix of the problem `type`; the stable code is appended. Default `urn:faultline:problem:`. */
  readonly typeBaseUri?: string | undefined
  /** Add `upstream: { vendor, code }` to the body. Off by default; never for misconfigured failures. */
  readonly exposeUpstreamCodes?: boolean | undefined
  /**
   * Header the request id is read from (reused when well-formed) and sent back in. Default
   * `X-Request-Id`; `false` to neither read nor send one (the problem still gets an `instance`).
   */
  readonly requestIdHeader?: string | false | undefined
  /** Header carrying the upstream's request id (DO-API RequestId). Default `X-Upstream-Request-Id`. */
  readonly upstreamRequestIdHeader?: string | false | undefined
  /**
   * The app's own request id (e.g. `req.id` set by a logging middleware). Used when it returns a
   * well-formed id; otherwise the incoming request-id header, else a new UUID.
   */
  readonly requestId?: ((req: Request) => string | undefined) | undefined
  /**
   * The locale of title and detail: a fixed one, or chosen per request. When omitted or when the
   * function returns `undefined`, it is negotiated from `Accept-Language` (en or ja; default en).
   */
  readonly locale?: Locale | ((req: Request) => Locale | undefined) | undefined
  /**
   * Logging hook, called once per mapped failure with its internal, log-safe facts (vendor, code,
   * upstream status, RequestId, category...). Exceptions it throws are ignored: a faulty logger must
   * not change the response.
   */
  readonly onFailure?: ((description: FailureDescription, context: FailureContext) => void) | undefined
}
