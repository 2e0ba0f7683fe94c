import type { FailureContext as CoreFailureContext, ResponseOptions } from "@faultline/core"
import type { Request } from "express"

/** What the `onFailure` hook is told besides the log-safe description; `request` is Express's. */
export type FailureContext = CoreFailureContext<Request>

/**
 * How upstream failures become downstream responses: core's adapter options, for Express requests.
 * `M` names the extension members `extend` may add.
 */
export type UpstreamErrorHandlerOptions<M extends string = string> = ResponseOptions<Request, M>
