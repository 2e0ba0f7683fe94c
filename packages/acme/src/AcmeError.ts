import { Failure } from "../../core/src/vendor.js"
import type { AcmeReason } from "./reasons.js"

/** Every acme failure; `upstreamStatus` and `requestId` are its reason's. */
export class AcmeError extends Failure("AcmeError")<AcmeReason> {}
