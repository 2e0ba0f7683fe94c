import { Failure } from "@faultline/core/vendor/decode"
import type { CertCentralReason } from "./reasons.js"

/**
 * Every CertCentral failure: `reason` is the first entry of the response's `errors`, `reasons` all of
 * them; `upstreamStatus` is the reason's. Recover typed with
 * `Effect.catchReason("CertCentralError", "RequestLimitExceeded", ...)`.
 */
export class CertCentralError extends Failure("CertCentralError")<CertCentralReason> {}
