import type * as Redacted from "effect/Redacted"
// Core's own source, on purpose: see README.md ("How it is consumed").
import { Reason, type ReasonOf, UnrecognizedReason } from "../../core/src/vendor.js"
import type { catalogue } from "./catalogue.js"
import { messages } from "./messages.js"

// One class per acme error code (CONTRACT.md), one per category so that core's and the adapters'
// tests have a reason of every kind; the unknown code; the client's own.

const vendor = "acme"

/** 400 `badfield`: the caller's field (`param`) was rejected. Titled: its own text is shown. */
export class BadField extends Reason("BadField", {
  vendor,
  code: "badfield",
  status: "400",
  category: "invalid-input",
  retry: "never",
  text: messages.BadField
})<{ readonly param: string }> {}

export class Missing extends Reason("Missing", {
  vendor,
  code: "missing",
  status: "404",
  category: "not-found",
  retry: "never"
}) {}

export class Busy extends Reason("Busy", {
  vendor,
  code: "busy",
  status: "409",
  category: "conflict",
  retry: "safe"
}) {}

export class Refused extends Reason("Refused", {
  vendor,
  code: "refused",
  status: "422",
  category: "rejected",
  retry: "never"
}) {}

export class Throttled extends Reason("Throttled", {
  vendor,
  code: "throttled",
  status: "429",
  category: "throttled",
  retry: "safe"
}) {}

export class Maintenance extends Reason("Maintenance", {
  vendor,
  code: "maintenance",
  status: "503",
  category: "unavailable",
  retry: "safe"
}) {}

export class Slow extends Reason("Slow", {
  vendor,
  code: "slow",
  status: "504",
  category: "timeout",
  retry: "idempotent-only"
}) {}

export class Broken extends Reason("Broken", {
  vendor,
  code: "broken",
  status: "500",
  category: "upstream-error",
  retry: "idempotent-only"
}) {}

/** 401 `badkey`: our key. Titled on purpose: its own text must still never be shown (misconfigured). */
export class BadKey extends Reason("BadKey", {
  vendor,
  code: "badkey",
  status: "401",
  category: "misconfigured",
  retry: "never",
  text: messages.BadKey
})<{ readonly credential?: Redacted.Redacted<string> }> {}

/** A code acme does not document, or an error status without a code (`http_<n>`): by status. */
export class Unrecognized extends UnrecognizedReason(vendor, {
  note: "An unknown code is `unrecognized#<hash>`; an error status without a code is `http_<n>`."
}) {}

/** What identifies a widget whose creation is unknown. */
export interface CreateOutcomeFields {
  readonly name: string
  readonly sentAt: number
}

/** Client-side: a widget was asked for, the answer was lost and listing could not tell. */
export class CreateOutcomeUnknown extends Reason("CreateOutcomeUnknown", {
  vendor,
  code: "create_outcome_unknown",
  status: "none (client)",
  source: "client",
  category: "unavailable",
  retry: "never",
  text: messages.CreateOutcomeUnknown,
  note: "Not an acme code: never resent by anything automatic."
})<CreateOutcomeFields> {}

/** Every acme reason: what `AcmeError.reason` holds (from the catalogue). */
export type AcmeReason = ReasonOf<typeof catalogue>
