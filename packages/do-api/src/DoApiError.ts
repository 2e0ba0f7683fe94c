import { Failure } from "@faultline/core/vendor"
import type { DoApiReason } from "./reasons.js"

/**
 * The DO-API failure: `reason` is one of the {@link DoApiReason} classes; `requestId` is DO-API's
 * RequestId when the response had one (also on the reason), for support tickets and tracing.
 */
export class DoApiError extends Failure("DoApiError")<
  DoApiReason,
  { readonly requestId?: string | undefined; readonly upstreamStatus: number | undefined }
> {}
