import { Failure } from "@faultline/core/vendor/decode"
import type { DpfReason } from "./reasons.js"

/** The DPF-API failure; `requestId` (DPF's request_id) and `upstreamStatus` are its reason's. */
export class DpfError extends Failure("DpfError")<DpfReason> {}
