import type * as Duration from "effect/Duration"
import { clearStaged, staged } from "./decoded.js"
import type { FailureArgs } from "./Failure.js"
import type { FieldIssue } from "./FieldIssue.js"
import type { StatusMeaning } from "./statusCategory.js"
import type { UpstreamReason } from "./UpstreamReason.js"

/**
 * Builds a reason of `klass` (a class made with `Reason`) from what a decoder read, without an args
 * object: the same instance `new klass({ ... })` gives with these fields, built in one order
 * (`vendor`, `category`, `retry`, `upstreamStatus`, `requestId`, `retryAfter`, `code`, the one field
 * of the class's own, `issues`, `_tag`). Optional fields left `undefined` are not set. Decoders call it
 * once per upstream error; keep it to classes without a constructor of their own.
 *
 * @param code the log-safe code (see `ReasonArgs.code`); `undefined` for the class's own
 * @param upstreamCode the code as received (bounded): kept redacted on the reason
 * @param upstreamMessage the upstream's text (bounded, see `upstreamText`): kept redacted
 * @param override a category and retry that replace the class's (e.g. `statusCategory(status)`)
 * @param field the name of the class's own field, e.g. `param` (set even when `value` is `undefined`)
 */
// `any` arguments: every reason class, whatever its own fields.
export const decodedReason = <K extends abstract new (...args: any) => UpstreamReason>(
  klass: K,
  code: string | undefined,
  upstreamStatus: number | undefined,
  upstreamCode?: string | undefined,
  upstreamMessage?: string | undefined,
  requestId?: string | undefined,
  retryAfter?: Duration.Duration | undefined,
  issues?: ReadonlyArray<FieldIssue> | undefined,
  override?: StatusMeaning | undefined,
  field?: string | undefined,
  value?: unknown
): InstanceType<K> => {
  staged.code = code
  staged.upstreamStatus = upstreamStatus
  staged.upstreamCode = upstreamCode
  staged.upstreamMessage = upstreamMessage
  staged.requestId = requestId
  staged.retryAfter = retryAfter
  staged.issues = issues
  staged.category = override?.category
  staged.retry = override?.retry
  staged.field = field
  staged.value = value
  try {
    return new (klass as unknown as new (args: unknown) => InstanceType<K>)(staged)
  } finally {
    clearStaged()
  }
}

/**
 * Builds a failure of `klass` (a class made with `Failure`) around decoded reasons, without an args
 * object: the same instance as `new klass({ reason, reasons })`.
 */
export const decodedFailure = <F, R extends UpstreamReason>(
  klass: new (args: FailureArgs<R>) => F,
  reason: R,
  reasons?: ReadonlyArray<R> | undefined
): F => {
  staged.reason = reason
  staged.reasons = reasons
  try {
    return new (klass as unknown as new (args: unknown) => F)(staged)
  } finally {
    clearStaged()
  }
}

/** What every reason of one upstream answer shares, read once per decode. */
export interface AnswerFacts {
  readonly upstreamStatus: number | undefined
  readonly requestId: string | undefined
  /** Bounded text (see `upstreamText`): a reason keeps it `Redacted`. */
  readonly upstreamMessage: string | undefined
  readonly retryAfter: Duration.Duration | undefined
}

/**
 * `decodedReason` for vendors whose answer carries one message, request id and wait for all its
 * reasons (DO-API, DPF-API): those come from `facts`, the rest as in `decodedReason`.
 */
// `any` arguments: every reason class, whatever its own fields.
export const decodedReasonOf = <K extends abstract new (...args: any) => UpstreamReason>(
  klass: K,
  facts: AnswerFacts,
  code?: string | undefined,
  upstreamCode?: string | undefined,
  issues?: ReadonlyArray<FieldIssue> | undefined,
  override?: StatusMeaning | undefined,
  field?: string | undefined,
  value?: unknown
): InstanceType<K> =>
  decodedReason(
    klass,
    code,
    facts.upstreamStatus,
    upstreamCode,
    facts.upstreamMessage,
    facts.requestId,
    facts.retryAfter,
    issues,
    override,
    field,
    value
  )
