import type * as Cause from "effect/Cause"
import { locateCause } from "./locateFailure.js"

/**
 * What a framework should see for a failed Effect (see `locateCause`): the adapters pass it on
 * (`next(error)`, a thrown error in Nest), and core's `answerError` then reads the failure found
 * here instead of searching the error again.
 */
export const errorOfCause = (cause: Cause.Cause<unknown>): unknown => locateCause(cause).error
