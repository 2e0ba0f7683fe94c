import { Failure } from "@faultline/core"
import type { CertCentralReason } from "./catalogue.js"

/**
 * Every CertCentral failure: `reason` is the first entry of the response's `errors`, `reasons` all of
 * them. Recover typed with `Effect.catchReason("CertCentralError", "RequestLimitExceeded", ...)`.
 */
export class CertCentralError extends Failure("CertCentralError")<
  CertCentralReason,
  { readonly upstreamStatus: number | undefined }
> {}
