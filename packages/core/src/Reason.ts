import type * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import type { Category } from "./Category.js"
import type { FieldIssue } from "./FieldIssue.js"
import type { LocalizedText } from "./Locale.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import { logSafeCode } from "./sanitizeCode.js"
import { ReasonTypeId, type UpstreamReason } from "./UpstreamReason.js"

/** What a reason class fixes once for all its instances: a catalogue entry. */
export interface ReasonSpec {
  readonly vendor: string
  /** The documented upstream code; an instance may carry the exact one (`invalid_value:dcv_method`). */
  readonly code: string
  readonly category: Category
  readonly retry: RetryPolicy
  /** Our own title and detail. Omit it to use the category's text. */
  readonly text?: LocalizedText | undefined
  /** Why this category was chosen where the code is ambiguous; ends up in the generated docs. */
  readonly note?: string | undefined
  /** How the vendor's decoder reaches this reason (see `ReasonSource`). Default `code`. */
  readonly source?: ReasonSource | undefined
  /** The HTTP status the vendor documents for it (`400`, `200 / 400`, `any`), for the reference. */
  readonly status?: string | undefined
  /** Whether the code carries a parameter name after a colon (`invalid_value:<param>`). */
  readonly parameterised?: boolean | undefined
  /** How the response changes category and retry, when it does (e.g. `by status`), for the reference. */
  readonly varies?: string | undefined
}

/**
 * How a decoder reaches a reason of the catalogue: `code`, a documented upstream code (looked up by
 * it); `status`, an answer without a code, by its status (code `http_<n>`, `http_<d>xx` or
 * `http_status` for any); `unknown`, the one reason of a code nobody documents (`unrecognized`);
 * `client`, raised by the client itself (no upstream answer decodes to it).
 */
export type ReasonSource = "code" | "status" | "unknown" | "client"

/** What each occurrence of an upstream error carries. */
export interface ReasonArgs {
  /** For vendor-neutral reasons (transport faults): the upstream's name. */
  readonly vendor?: string | undefined
  /**
   * The log-safe code: a documented one (`invalid_value:dcv_method`), or for anything else
   * `<documented part or "unrecognized">#<hash of the raw code>` (see `hashedCode`). Never raw
   * upstream text: it is shown in `message`, logs, `toJSON` and (without the hash) downstream.
   */
  readonly code?: string | undefined
  /** The code exactly as received (bounded); kept `Redacted`, for deliberate use only. */
  readonly upstreamCode?: string | Redacted.Redacted<string> | undefined
  readonly upstreamStatus?: number | undefined
  readonly requestId?: string | undefined
  readonly retryAfter?: Duration.Duration | undefined
  readonly issues?: ReadonlyArray<FieldIssue> | undefined
  readonly upstreamMessage?: Redacted.Redacted<string> | undefined
  /** Overrides for reasons whose meaning depends on the response (e.g. an unknown code under a 429). */
  readonly category?: Category | undefined
  readonly retry?: RetryPolicy | undefined
}

export type ReasonInstance<Tag extends string, A> = Cause.YieldableError &
  UpstreamReason & { readonly _tag: Tag; readonly upstreamStatus: number | undefined } & Readonly<A>

export interface ReasonClass<Tag extends string> {
  new <A extends Record<string, any> = {}>(
    args: ReasonArgs & { readonly [P in keyof A as P extends "_tag" ? never : P]: A[P] }
  ): ReasonInstance<Tag, A>
  readonly tag: Tag
  readonly spec: ReasonSpec
}

// The instance's fields: the spec's, then the args' (without `message` and `cause`, which are ours),
// the code defaulting to the spec's, a raw `upstreamCode` redacted. Decoders build many of these, so
// the common case is one object spread; a rest copy only when a key has to be dropped.
const reasonFields = (
  spec: ReasonSpec,
  args: ReasonArgs & Record<string, unknown>
): Record<string, unknown> => {
  const upstreamCode = args.upstreamCode
  const keep = typeof upstreamCode === "string" || Redacted.isRedacted(upstreamCode)
  let fields: Record<string, unknown>
  if (!("message" in args) && !("cause" in args) && (keep || !("upstreamCode" in args))) {
    fields = {
      vendor: spec.vendor,
      category: spec.category,
      retry: spec.retry,
      upstreamStatus: undefined,
      ...args
    }
  } else {
    const { message: _dropped, cause: _cause, upstreamCode: _code, ...rest } = args
    fields = {
      vendor: spec.vendor,
      category: spec.category,
      retry: spec.retry,
      upstreamStatus: undefined,
      ...rest
    }
  }
  fields.code = typeof fields.code === "string" ? fields.code : spec.code
  if (typeof upstreamCode === "string") fields.upstreamCode = Redacted.make(upstreamCode)
  return fields
}

/**
 * Defines a reason class: a `Data.TaggedError` that speaks the {@link UpstreamReason} protocol, with
 * the catalogue facts on every instance (so they show in `toJSON` and logs) and our own text on the
 * prototype. Its `message` names only vendor, sanitised code and category: never upstream text (a
 * code that is not of the sanitised shape shows as `unrecognized#<hash>`). The raw code, when the
 * vendor passes it as `upstreamCode`, is kept `Redacted`.
 *
 * ```ts
 * export class RequestLimitExceeded extends Reason("RequestLimitExceeded", {
 *   vendor: "certcentral", code: "request_limit_exceeded", category: "throttled", retry: "safe"
 * }) {}
 * ```
 */
export const Reason = <const Tag extends string>(tag: Tag, spec: ReasonSpec): ReasonClass<Tag> => {
  class Base extends Data.TaggedError(tag)<Record<string, unknown>> {
    static readonly tag = tag
    static readonly spec = spec
    constructor(args: ReasonArgs & Record<string, unknown>) {
      super(reasonFields(spec, args))
    }
    override get message(): string {
      const self = this as unknown as UpstreamReason
      return `${self.vendor} ${logSafeCode(self.code)} (${self.category})`
    }
  }
  Object.defineProperty(Base.prototype, ReasonTypeId, { value: ReasonTypeId })
  Object.defineProperty(Base.prototype, "text", { value: spec.text })
  return Base as unknown as ReasonClass<Tag>
}
