import type * as Cause from "effect/Cause"
import * as Data from "effect/Data"
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

// The args without `message` and `cause` (ours) and `upstreamStatus` and `requestId` (the reason's).
// Decoders build many failures: the common case copies nothing here, a rest copy only when a key must go.
const withoutDropped = <A extends Record<string, unknown>>(args: A): A =>
  "message" in args || "cause" in args || "upstreamStatus" in args || "requestId" in args
    ? ((({ message: _dropped, cause: _cause, upstreamStatus: _status, requestId: _id, ...kept }) => kept)(
        args
      ) as A)
    : args

/**
 * Defines a vendor's error class: one tagged error whose `reason` is the primary upstream error and
 * `reasons` all of them, so `Effect.catchReason(tag, reasonTag, ...)` recovers typed. Its
 * `upstreamStatus` and `requestId` are read from `reason` (as effect's `HttpClientError` reads its
 * response from its reason): one owner, nothing to keep in step.
 *
 * ```ts
 * export class CertCentralError extends Failure("CertCentralError")<CertCentralReason> {}
 * ```
 */
export const Failure = <const Tag extends string>(tag: Tag): FailureClass<Tag> => {
  class Base extends Data.TaggedError(tag)<Record<string, unknown>> {
    static readonly tag = tag
    constructor(args: FailureArgs<UpstreamReason> & Record<string, unknown>) {
      // `upstreamStatus` and `requestId` are the reason's; a copy passed here would only drift.
      const rest = withoutDropped(args)
      super({ ...rest, reasons: rest.reasons && rest.reasons.length > 0 ? rest.reasons : [rest.reason] })
    }
    get upstreamStatus(): number | undefined {
      return (this as unknown as UpstreamFailure).reason.upstreamStatus
    }
    get requestId(): string | undefined {
      return (this as unknown as UpstreamFailure).reason.requestId
    }
    override get message(): string {
      return (this as unknown as UpstreamFailure).reason.message
    }
  }
  Object.defineProperty(Base.prototype, FailureTypeId, { value: FailureTypeId })
  return Base as unknown as FailureClass<Tag>
}
