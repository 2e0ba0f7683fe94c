import * as Redacted from "effect/Redacted"
import type { ProblemExtensionValue } from "./problemDocument.js"
import { reasonsOf, type UpstreamFailure } from "./UpstreamFailure.js"

export type { ProblemExtensionValue }

/** Extension members an app adds to a problem: declared names, scalar values. */
export type ProblemExtensions = { readonly [member: string]: ProblemExtensionValue | undefined }

/**
 * Members no extension may set: RFC 9457's own and ours. An app's value for one of these never
 * reaches the wire (it is refused at start when declared, dropped at answer time otherwise).
 */
export const reservedMembers: ReadonlyArray<string> = [
  "type",
  "title",
  "status",
  "detail",
  "instance",
  "code",
  "errors",
  "retryAfter",
  "upstream"
]

// A member name: a JSON identifier a frontend can read as `problem.orderId`.
const memberName = /^[A-Za-z][A-Za-z0-9_]{0,63}$/
// A string value: an identifier-like token (ids, states, references), never a sentence, an e-mail
// address with spaces around it, or markup.
const tokenValue = /^[A-Za-z0-9_][A-Za-z0-9_.:+=-]{0,127}$/

/** Checks declared member names at start; throws a `TypeError` naming the bad one. */
export const checkExtensionMembers = (option: string, members: unknown): ReadonlyArray<string> => {
  if (!Array.isArray(members) || members.length === 0) {
    throw new TypeError(`faultline: ${option} must be a non-empty array of member names`)
  }
  for (const name of members) {
    if (typeof name !== "string" || !memberName.test(name)) {
      throw new TypeError(
        `faultline: ${option} has a bad member name ${JSON.stringify(name)} (letters, digits, _)`
      )
    }
    if (reservedMembers.includes(name)) {
      throw new TypeError(`faultline: ${option} cannot declare ${name}, which the problem sets itself`)
    }
  }
  return members as ReadonlyArray<string>
}

// Upstream-written text of a failure: its free-text messages and raw codes (kept Redacted on the
// reasons). An extension value found in any of them is upstream text and is dropped.
const upstreamTexts = (failure: UpstreamFailure | undefined): ReadonlyArray<string> => {
  if (failure === undefined) return []
  const texts: Array<string> = []
  for (const reason of reasonsOf(failure)) {
    for (const held of [reason.upstreamMessage, reason.upstreamCode]) {
      if (held !== undefined && Redacted.isRedacted(held)) texts.push(Redacted.value(held))
    }
  }
  return texts
}

const safeValue = (value: unknown, upstream: ReadonlyArray<string>): value is ProblemExtensionValue => {
  if (value === null || typeof value === "boolean") return true
  if (typeof value === "number") return Number.isFinite(value)
  if (typeof value !== "string" || !tokenValue.test(value)) return false
  return !upstream.some((text) => text.includes(value))
}

/**
 * The members that may go on the wire, from what the app returned: only declared names (never a
 * reserved one), only scalars, strings only as short tokens that appear in no upstream-written text
 * of the failure. Everything else is dropped silently: the problem is answered either way.
 */
export const safeExtensions = (
  returned: unknown,
  declared: ReadonlyArray<string>,
  failure: UpstreamFailure | undefined
): Record<string, ProblemExtensionValue> => {
  const members: Record<string, ProblemExtensionValue> = {}
  if (typeof returned !== "object" || returned === null) return members
  let upstream: ReadonlyArray<string> | undefined
  for (const name of declared) {
    if (!memberName.test(name) || reservedMembers.includes(name) || !Object.hasOwn(returned, name)) continue
    const value: unknown = (returned as Record<string, unknown>)[name]
    if (value === undefined) continue
    upstream ??= upstreamTexts(failure)
    if (safeValue(value, upstream)) members[name] = value
  }
  return members
}
