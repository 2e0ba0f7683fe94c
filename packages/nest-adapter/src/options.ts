import type { Category, FailureDescription, Locale, UpstreamFailure } from "@faultline/core"
import type * as Layer from "effect/Layer"
import type * as ManagedRuntime from "effect/ManagedRuntime"

/** What the `onFailure` hook is told besides the log-safe description. */
export interface FailureContext {
  /** The faultline failure found in the exception; its `upstreamMessage` stays `Redacted`. */
  readonly error: UpstreamFailure
  /** The platform's request object (Express `Request` or Fastify `FastifyRequest`). */
  readonly request: unknown
  /** Our request id: the problem's `instance` and the request-id header. */
  readonly requestId: string
  /** The downstream status that was sent. */
  readonly status: number
}

/** How upstream failures become downstream responses; the same options as the Express adapter. */
export interface UpstreamResponseOptions {
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
   * The app's own request id (e.g. Fastify's `request.id`, or one set by a logging middleware), given
   * the platform's request. Used when well-formed; otherwise the incoming header, else a new UUID.
   */
  readonly requestId?: ((request: any) => string | undefined) | undefined
  /**
   * The locale of title and detail: a fixed one, or chosen per request. When omitted or when the
   * function returns `undefined`, it is negotiated from `Accept-Language` (en or ja; default en).
   */
  readonly locale?: Locale | ((request: any) => Locale | undefined) | undefined
  /**
   * Logging hook, called once per handled failure with its internal, log-safe facts. Without it the
   * filter logs the description through Nest's `Logger` (error for 5xx, warn otherwise).
   */
  readonly onFailure?: ((description: FailureDescription, context: FailureContext) => void) | undefined
}

/** Options of `FaultlineModule.forRoot` / `forRootAsync`. */
export interface FaultlineModuleOptions extends UpstreamResponseOptions {
  /**
   * Services for Effect-returning controllers. Built once into a `ManagedRuntime` that the module
   * owns and disposes when the application shuts down.
   */
  readonly layer?: Layer.Layer<any, any, never> | undefined
  /** A runtime the app manages itself; used instead of `layer` and never disposed by the module. */
  readonly runtime?: ManagedRuntime.ManagedRuntime<any, any> | undefined
}
