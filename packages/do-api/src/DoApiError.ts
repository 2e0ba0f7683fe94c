import { Failure } from "@faultline/core/vendor/decode"
import type { DoApiReason } from "./reasons.js"

/**
 * The DO-API failure: `reason` is one of the {@link DoApiReason} classes; `requestId` (DO-API's
 * RequestId, when the response had one) and `upstreamStatus` are the reason's, for support tickets
 * and tracing.
 */
export class DoApiError extends Failure("DoApiError")<DoApiReason> {}
