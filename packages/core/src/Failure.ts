import type * as Cause from "effect/Cause"
import { staged } from "./decoded.js"
import { errorPrototype, nameClass, setField } from "./errorPrototype.js"
import { FailureTypeId, type UpstreamFailure } from "./UpstreamFailure.js"
import type { UpstreamReason } from "./UpstreamReason.js"

export interface FailureArgs<R extends UpstreamReason> {
  readonly reason: R
  readonly reasons?: ReadonlyArray<R> | undefined
  readonly attempts?: number | undefined
  /** Ignored: the failure reads it from `reason`. Accepted so that code written before stays valid. */
  readonly upstreamStatus?: number | undefined
  /** Ignored: the failure reads it from `reason`. Accepted so that code written before stays valid. */
  readonly requestId?: string | undefined
}

export type FailureInstance<Tag extends string, R extends UpstreamReason, A> = Cause.YieldableError &
  UpstreamFailure<R> & {
    readonly _tag: Tag
    readonly reasons: ReadonlyArray<R>
    /** The primary reason's `upstreamStatus`: read from it, never stored twice. */
    readonly upstreamStatus: number | undefined
    /** The primary reason's `requestId` (the upstream's own, e.g. DO-API's RequestId). */
    readonly requestId: string | undefined
  } & Readonly<A>

export interface FailureClass<Tag extends string> {
  new <R extends UpstreamReason, A extends Record<string, any> = {}>(
    args: FailureArgs<R> & { readonly [P in keyof A as P extends "_tag" ? never : P]: A[P] }
  ): FailureInstance<Tag, R, A>
  readonly tag: Tag
}

/** What every failure class shares: its fields (`reasons` defaulting to `[reason]`, then `_tag`) and getters. */
class FailureBase {
  constructor(tag: string, args: FailureArgs<UpstreamReason> & Record<string, unknown>) {
    const self = this as unknown as Record<string, unknown>
    if (args === (staged as unknown)) {
      // A decoder's failure (`decodedFailure`): the two fields, nothing to search or copy.
      const reasons = staged.reasons
      self.reason = staged.reason
      self.reasons = reasons !== undefined && reasons.length > 0 ? reasons : [staged.reason]
      self._tag = tag
      return
    }
    // The args' own fields but `message` and `cause` (ours) and `upstreamStatus` and `requestId` (the
    // reason's, read through the getters below: a copy would only drift).
    for (const key in args) {
      if (
        Object.hasOwn(args, key) &&
        key !== "message" &&
        key !== "cause" &&
        key !== "upstreamStatus" &&
        key !== "requestId"
      )
        setField(self, key, args[key])
    }
    const reasons = args?.reasons
    self.reasons = reasons && reasons.length > 0 ? reasons : [args?.reason]
    self._tag = tag
  }
  get upstreamStatus(): number | undefined {
    return (this as unknown as UpstreamFailure).reason.upstreamStatus
  }
  get requestId(): string | undefined {
    return (this as unknown as UpstreamFailure).reason.requestId
  }
  get message(): string {
    return (this as unknown as UpstreamFailure).reason.message
  }
}
Object.setPrototypeOf(FailureBase.prototype, errorPrototype)
Object.defineProperty(FailureBase.prototype, FailureTypeId, { value: FailureTypeId })

/**
 * Defines a vendor's error class: one tagged error (a `Data.TaggedError` built without the `Error`
 * constructor, see `errorPrototype`) whose `reason` is the primary upstream error and `reasons` all of
 * them, so `Effect.catchReason(tag, reasonTag, ...)` recovers typed. Its `upstreamStatus` and
 * `requestId` are read from `reason` (as effect's `HttpClientError` reads its response from its
 * reason): one owner, nothing to keep in step.
 *
 * ```ts
 * export class CertCentralError extends Failure("CertCentralError")<CertCentralReason> {}
 * ```
 */
export const Failure = <const Tag extends string>(tag: Tag): FailureClass<Tag> => {
  class Base extends FailureBase {
    static readonly tag = tag
    constructor(args: FailureArgs<UpstreamReason> & Record<string, unknown>) {
      super(tag, args)
    }
  }
  nameClass(Base, tag)
  return Base as unknown as FailureClass<Tag>
}
