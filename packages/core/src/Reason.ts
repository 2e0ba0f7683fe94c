import type * as Cause from "effect/Cause"
import type * as Duration from "effect/Duration"
import * as Redacted from "effect/Redacted"
import type { Category } from "./Category.js"
import { staged } from "./decoded.js"
import { errorPrototype, nameClass, setField } from "./errorPrototype.js"
import type { FieldIssue } from "./FieldIssue.js"
import type { LocalizedText } from "./Locale.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import { redactOnRead } from "./readUpstream.js"
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
  /** The upstream's own message (bounded); kept `Redacted`, for deliberate use only. */
  readonly upstreamMessage?: string | Redacted.Redacted<string> | undefined
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

type Upstream = string | Redacted.Redacted<string> | undefined
const keepUpstream = (u: unknown): Upstream =>
  typeof u === "string" || Redacted.isRedacted(u) ? (u as Upstream) : undefined

/**
 * What every reason class shares: the fields, the message, and the upstream's own text. That text
 * (`upstreamCode`, `upstreamMessage`) is taken as a string or a `Redacted` and kept in private fields,
 * redacted on first read: decoders build a reason per upstream error and `Redacted.make` (a `WeakMap`
 * entry each) was a large part of that, for values most callers never read. They read as `Redacted`
 * (never as text), show as `<redacted>` in `toJSON` and inspect, and count in `Equal`/`Hash`.
 */
class ReasonBase {
  // A decoder's upstream text from the staged record (see `decodedReason`), so each private field is
  // written once; for any other construction the record is empty, and the args loop below fills them.
  #upstreamCode: Upstream = staged.upstreamCode
  #upstreamMessage: Upstream = staged.upstreamMessage
  constructor(tag: string, spec: ReasonSpec, args: ReasonArgs & Record<string, unknown>) {
    const self = this as unknown as Record<string, unknown>
    if (args === (staged as unknown)) {
      // A decoder's reason (`decodedReason`): named fields in one order, nothing to search or copy.
      self.vendor = spec.vendor
      self.category = staged.category ?? spec.category
      self.retry = staged.retry ?? spec.retry
      self.upstreamStatus = staged.upstreamStatus
      if (staged.requestId !== undefined) self.requestId = staged.requestId
      if (staged.retryAfter !== undefined) self.retryAfter = staged.retryAfter
      self.code = staged.code ?? spec.code
      if (staged.field !== undefined) setField(self, staged.field, staged.value)
      if (staged.issues !== undefined) self.issues = staged.issues
      self._tag = tag
      return
    }
    self.vendor = spec.vendor
    self.category = spec.category
    self.retry = spec.retry
    self.upstreamStatus = undefined
    // The args' own fields but `message` and `cause` (ours: the message names only vendor, code and
    // category); the upstream's text to the private fields. A loop, not `Object.assign`: decoders build
    // many reasons, and assigning through setters made that several times slower.
    for (const key in args) {
      if (!Object.hasOwn(args, key)) continue
      const value = args[key]
      if (key === "upstreamCode") this.#upstreamCode = keepUpstream(value)
      else if (key === "upstreamMessage") this.#upstreamMessage = keepUpstream(value)
      else if (key !== "message" && key !== "cause") setField(self, key, value)
    }
    if (typeof self.code !== "string") self.code = spec.code
    self._tag = tag
  }
  get message(): string {
    const self = this as unknown as UpstreamReason
    return `${self.vendor} ${logSafeCode(self.code)} (${self.category})`
  }
  get upstreamCode(): Redacted.Redacted<string> | undefined {
    this.#upstreamCode = redactOnRead(this.#upstreamCode)
    return this.#upstreamCode
  }
  set upstreamCode(code: unknown) {
    this.#upstreamCode = keepUpstream(code)
  }
  get upstreamMessage(): Redacted.Redacted<string> | undefined {
    this.#upstreamMessage = redactOnRead(this.#upstreamMessage)
    return this.#upstreamMessage
  }
  set upstreamMessage(message: unknown) {
    this.#upstreamMessage = keepUpstream(message)
  }
  /** The fields, the upstream text as `<redacted>`, then `_tag`. */
  toJSON(): Record<string, unknown> {
    const { _tag, ...fields } = this as unknown as Record<string, unknown>
    if (this.#upstreamCode !== undefined) fields.upstreamCode = this.upstreamCode
    if (this.#upstreamMessage !== undefined) fields.upstreamMessage = this.upstreamMessage
    fields._tag = _tag
    return fields
  }
}
Object.setPrototypeOf(ReasonBase.prototype, errorPrototype)
Object.defineProperty(ReasonBase.prototype, ReasonTypeId, { value: ReasonTypeId })

/**
 * Defines a reason class: a `Data.TaggedError` (built without the `Error` constructor, see
 * `errorPrototype`) that speaks the {@link UpstreamReason} protocol, with the catalogue facts on every
 * instance (so they show in `toJSON` and logs) and our own text on the prototype. Its `message` names
 * only vendor, sanitised code and category: never upstream text (a code that is not of the sanitised
 * shape shows as `unrecognized#<hash>`). The raw code and message, when the vendor passes them as
 * `upstreamCode` and `upstreamMessage` (text or `Redacted`), are kept `Redacted`.
 *
 * ```ts
 * export class RequestLimitExceeded extends Reason("RequestLimitExceeded", {
 *   vendor: "certcentral", code: "request_limit_exceeded", category: "throttled", retry: "safe"
 * }) {}
 * ```
 */
export const Reason = <const Tag extends string>(tag: Tag, spec: ReasonSpec): ReasonClass<Tag> => {
  class Base extends ReasonBase {
    static readonly tag = tag
    static readonly spec = spec
    constructor(args: ReasonArgs & Record<string, unknown>) {
      super(tag, spec, args)
    }
  }
  nameClass(Base, tag)
  Object.defineProperty(Base.prototype, "text", { value: spec.text })
  return Base as unknown as ReasonClass<Tag>
}
