import * as Data from "effect/Data"

/**
 * A client or adapter option that cannot work, reported when the layer is built (never per call and
 * never as a defect). `option` is the option's path as the user wrote it, e.g. `retry.maxElapsed`;
 * `problem` says what a valid value looks like. Neither carries the value itself, which may be a
 * secret.
 */
export class InvalidOptionError extends Data.TaggedError("InvalidOptionError")<{
  /** The package whose option it is, e.g. `@faultline/certcentral`. */
  readonly module: string
  readonly option: string
  readonly problem: string
}> {
  override get message(): string {
    return `${this.module}: option ${this.option} ${this.problem}`
  }
}
