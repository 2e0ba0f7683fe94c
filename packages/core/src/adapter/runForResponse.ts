import type * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import { clientGone, type DisconnectingResponse, interruptOnDisconnect } from "./clientDisconnect.js"
import { type AnsweredResponse, type RoutedRequest, withServerSpan } from "./serverSpan.js"

/**
 * What runs a handler's Effect: a `ManagedRuntime` (its `runFork`), `Effect.runFork` for an Effect
 * that needs no services, or anything with the same `runFork`.
 */
export interface EffectForker<R> {
  readonly runFork: <A, E>(
    effect: Effect.Effect<A, E, R>,
    options?: Effect.RunOptions | undefined
  ) => Fiber.Fiber<A, unknown>
}

/** The slice of Node's `ServerResponse` (Express's response, Fastify's `reply.raw`) the run watches. */
export type HandlerResponse = AnsweredResponse & DisconnectingResponse

/**
 * Runs a handler's Effect for one request, the same way in every adapter: forked on `runtime` in the
 * request's server span ({@link withServerSpan}, ending once the answer is out), and interrupted
 * when the client goes away before the response finished ({@link interruptOnDisconnect}).
 *
 * `onExit` is called once with the fiber's exit, as soon as it is known: at once (before this
 * returns) when the Effect completes without waiting, else from the fiber's observer. No Promise
 * and no `AbortController` per request. When the client is gone by then, `onExit` is not called:
 * no one is left to answer, and an interruption the client caused is no error to report. Returns a
 * function that interrupts the fiber (a no-op once it is done), for a framework that cancels (an
 * rxjs unsubscribe). Without a response the span ends with the Effect, and `onExit` always gets
 * the exit; outside HTTP (no request either: an RPC or WebSocket context) there is no server span.
 */
export const runForResponse = <A, E, R>(
  runtime: EffectForker<R>,
  effect: Effect.Effect<A, E, R>,
  request: RoutedRequest | undefined,
  response: HandlerResponse | undefined,
  onExit: (exit: Exit.Exit<A, unknown>) => void
): (() => void) => {
  const fiber = runtime.runFork(
    request === undefined ? effect : effect.pipe(withServerSpan(request, response))
  )
  if (response !== undefined) interruptOnDisconnect(fiber, response)
  const settle = (exit: Exit.Exit<A, unknown>) => {
    if (response === undefined || !clientGone(response)) onExit(exit)
  }
  const done = fiber.pollUnsafe()
  if (done !== undefined) settle(done)
  else fiber.addObserver(settle)
  return () => fiber.interruptUnsafe()
}
