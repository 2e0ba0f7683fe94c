import { redactOnRead } from "@faultline/core/vendor/decode"
import type * as Redacted from "effect/Redacted"
import type { RecordValidation } from "./reasons.js"

const inspect = Symbol.for("nodejs.util.inspect.custom")

/**
 * One rejected record line of a RecordValidateError. The line and the raw code are caller and
 * upstream text: kept in private fields and made `Redacted` on first read (core's `redactOnRead`), so
 * decoding a long ErrorList makes no `WeakMap` entry per line. They read as `Redacted`, show as
 * `<redacted>` in `toJSON` and inspect, and count in `Equal`.
 */
export class RecordLine implements RecordValidation {
  #line: string | Redacted.Redacted<string> | undefined
  #upstreamErrorCode: string | Redacted.Redacted<string> | undefined
  readonly errorCode: string
  constructor(line: string | undefined, errorCode: string, upstreamErrorCode: string | undefined) {
    this.#line = line
    this.errorCode = errorCode
    this.#upstreamErrorCode = upstreamErrorCode
  }
  get line(): Redacted.Redacted<string> | undefined {
    this.#line = redactOnRead(this.#line)
    return this.#line
  }
  get upstreamErrorCode(): Redacted.Redacted<string> | undefined {
    this.#upstreamErrorCode = redactOnRead(this.#upstreamErrorCode)
    return this.#upstreamErrorCode
  }
  toJSON(): RecordValidation {
    return this.#upstreamErrorCode === undefined
      ? { line: this.line, errorCode: this.errorCode }
      : { line: this.line, errorCode: this.errorCode, upstreamErrorCode: this.upstreamErrorCode }
  }
  [inspect](): RecordValidation {
    return this.toJSON()
  }
}
