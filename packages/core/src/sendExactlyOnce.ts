import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import { outcomeUnknown } from "./outcomeUnknown.js"
import { countReconciliation } from "./telemetry/recordMetrics.js"
import type { UpstreamFailure } from "./UpstreamFailure.js"

/** What looking for a change whose answer was lost found out. */
export type Reconciliation<A> =
  /** The change was made: the call succeeds with it, as if the answer had arrived. */
  | { readonly _tag: "Found"; readonly value: A }
  /** Proven: it was not made, so one resend cannot make it twice. */
  | { readonly _tag: "Absent" }
  /** Neither could be shown; `candidates` are the ids that could not be settled. */
  | { readonly _tag: "Unknown"; readonly candidates: ReadonlyArray<number> }

export interface SendExactlyOnce<A, E, F> {
  /** The client's name in spans and logs, e.g. `DoApi`: the span is `<service>.reconcile`. */
  readonly service: string
  /** The client method whose request this is, e.g. `addRecord` (`faultline.operation`). */
  readonly operation: string
  /** The non-idempotent request (a certificate order, a record add, a commit). */
  readonly send: Effect.Effect<A, E>
  /** Looks for what a lost answer's request did; run `settle` after the answer was lost. */
  readonly look: Effect.Effect<Reconciliation<A>>
  readonly settle: Duration.Input
  /** The failure when nothing could prove the outcome (the last lookup is given). */
  readonly unknown: (last: Reconciliation<A>) => F
}

/**
 * The exactly-once discipline of every vendor client: a request whose answer was lost is never
 * sent again blindly. After `settle`, `look` decides: found, the call succeeds with it; proven
 * absent, it is sent once more (never a third time); otherwise the call fails with `unknown`.
 * It owns the span `<service>.reconcile` (attribute `faultline.operation`), logs each lookup's
 * result at debug level and counts it on `faultline.reconciliations` (by `faultline.service`,
 * `faultline.operation` and `faultline.reconciliation.outcome`), so every vendor's reconciliation is
 * traced and measured alike.
 */
export const sendExactlyOnce = <A, E extends UpstreamFailure, F>(
  options: SendExactlyOnce<A, E, F>
): Effect.Effect<A, E | F> =>
  Effect.gen(function* () {
    let last: Reconciliation<A> = { _tag: "Absent" }
    for (let sends = 0; sends < 2; sends++) {
      const outcome = yield* Effect.result(options.send)
      if (Result.isSuccess(outcome)) return outcome.success
      if (!outcomeUnknown(outcome.failure)) return yield* Effect.fail(outcome.failure)
      yield* Effect.sleep(options.settle)
      last = yield* options.look.pipe(
        Effect.tap((found) =>
          Effect.andThen(
            Effect.logDebug(`${options.service}.${options.operation} reconciled`, { result: found._tag }),
            countReconciliation(options.service, options.operation, found._tag)
          )
        )
      )
      if (last._tag === "Found") return last.value
      if (last._tag === "Unknown") break
    }
    return yield* Effect.fail(options.unknown(last))
  }).pipe(
    Effect.withSpan(
      `${options.service}.reconcile`,
      { attributes: { "faultline.operation": options.operation } },
      // Its call site is known: no stack is captured for it.
      { captureStackTrace: false }
    )
  )
