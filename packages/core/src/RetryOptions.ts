import type * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import type { InvalidOptionError } from "./InvalidOptionError.js"
import { all, boolean, integerIn, invalid, nonNegativeDuration, numberIn } from "./validateOptions.js"

/** How far a failed upstream call is retried: the options every client and `retryUpstream` take. */
export interface RetryOptions {
  /** Attempts in all, the first included (1 to 100). Default 4. */
  readonly maxAttempts?: number | undefined
  /**
   * Total time budget, counted from the first attempt: no retry is scheduled whose wait would end
   * past it. An attempt already under way is not cut short (each client has its own timeout).
   * Default 30 seconds.
   */
  readonly maxElapsed?: Duration.Input | undefined
  /** The first backoff delay. Default 200 ms. */
  readonly baseDelay?: Duration.Input | undefined
  /** Backoff growth per attempt (1 to 10). Default 2. */
  readonly factor?: number | undefined
  /** The longest backoff delay (a `retryAfter` may still ask for more). Default 10 seconds. */
  readonly maxDelay?: Duration.Input | undefined
  /** Randomise each backoff delay by ±20% so clients do not retry in lockstep. Default true. */
  readonly jitter?: boolean | undefined
}

/** {@link RetryOptions} checked and with every default filled in. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number
  readonly maxElapsed: Duration.Duration
  readonly baseDelay: Duration.Duration
  readonly factor: number
  readonly maxDelay: Duration.Duration
  readonly jitter: boolean
}

/**
 * Checks retry options once; the one validator behind both vendor clients and `retryUpstream`.
 * `false` (retries off) means a single attempt. `option` is the option's path in the caller's
 * options (`retry`), so a failure names e.g. `retry.maxElapsed`.
 */
export const validateRetryOptions = (
  module: string,
  option: string,
  input: RetryOptions | false | undefined
): Result.Result<ResolvedRetryOptions, InvalidOptionError> => {
  const options: unknown = input === false ? { maxAttempts: 1 } : (input ?? {})
  if (typeof options !== "object" || options === null) {
    return invalid(module, option, "must be false or an object of retry options")
  }
  const o = options as RetryOptions
  return all({
    maxAttempts: integerIn(module, `${option}.maxAttempts`, o.maxAttempts, 4, 1, 100),
    maxElapsed: nonNegativeDuration(module, `${option}.maxElapsed`, o.maxElapsed, "30 seconds"),
    baseDelay: nonNegativeDuration(module, `${option}.baseDelay`, o.baseDelay, "200 millis"),
    factor: numberIn(module, `${option}.factor`, o.factor, 2, 1, 10),
    maxDelay: nonNegativeDuration(module, `${option}.maxDelay`, o.maxDelay, "10 seconds"),
    jitter: boolean(module, `${option}.jitter`, o.jitter, true)
  })
}
