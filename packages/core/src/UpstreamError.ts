import { Failure } from "./Failure.js"
import type { UpstreamReason } from "./UpstreamReason.js"

/**
 * Core's own failure: transport faults classified from Effect's `HttpClientError`, and a bare reason
 * that reached an adapter without its vendor error.
 */
export class UpstreamError extends Failure("UpstreamError")<UpstreamReason> {}
