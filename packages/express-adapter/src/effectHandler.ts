import { type EffectForker, errorOfCause, runForResponse } from "@faultline/core/adapter"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type { NextFunction, Request, RequestHandler, Response } from "express"

// Express's default route parameters (`string | string[]` per name). TypeScript cannot carry the path
// of `app.get("/orders/:orderId", ...)` into this separate call: annotate the request for typed
// parameters, `(req: Request<{ orderId: string }>) => ...`, which the route then accepts.
type Params = Request["params"]

/**
 * What runs the handlers' Effects: a `ManagedRuntime` built from the app's layer (or anything with
 * the same `runFork`). The app owns it and disposes it on shutdown.
 */
export interface EffectRunner<R> extends EffectForker<R> {}

export interface EffectHandlerOptions<R> {
  /** Provides the services the handler's Effect needs. Without it, the Effect must need none. */
  readonly runtime?: EffectRunner<R> | undefined
}

// Effects that need no services run on Effect's default runtime.
const defaultRunner: EffectRunner<never> = { runFork: Effect.runFork }

// Express reads these as routing instructions, not errors: a falsy value resumes routing as if
// nothing failed, "route" and "router" skip to the next route or router.
const routingInstruction = (value: unknown): boolean => !value || value === "route" || value === "router"

/** What `next` is given for a failed Effect: always an error, never a routing instruction. */
const forNext = (failure: unknown): unknown =>
  routingInstruction(failure) ? new Error("Effect failed", { cause: failure }) : failure

const send = (res: Response, value: unknown): void => {
  // The handler may have answered itself (a stream, a redirect): then there is nothing left to send.
  if (res.headersSent) return
  if (value === undefined) {
    if (res.statusCode === 200) res.status(204)
    res.end()
    return
  }
  res.json(value)
}

/**
 * An Express route handler running an Effect: `fn(req, res)` returns an Effect, which runs on the
 * app's runtime. Its success value is sent as JSON (`undefined` gives 204; set another status with
 * `res.status` inside the Effect). A failure is passed to `next`: the faultline failure when there
 * is one (for `upstreamErrorHandler`), else what a rejected `Effect.runPromise` gives, so other
 * errors reach the app's own handlers. A failure Express would read as a routing instruction
 * (`undefined`, `null`, another falsy value, `"route"`, `"router"`) arrives as an `Error("Effect failed")`
 * whose non-enumerable `cause` is that value. The Effect runs in core's server span for the route
 * (`GET /orders/:id`, kind server), the same as in the NestJS adapter. When the client disconnects
 * first (or was gone before the handler ran), the fiber is interrupted (its finalizers run) and
 * nothing is sent.
 *
 * ```ts
 * const runtime = ManagedRuntime.make(AppLayer)
 * app.get("/orders/:id", effectHandler((req) => Orders.get(req.params.id), { runtime }))
 * app.use(upstreamErrorHandler())
 * ```
 */
export function effectHandler<A, E, P = Params>(
  fn: (req: Request<P>, res: Response) => Effect.Effect<A, E, never>,
  options?: EffectHandlerOptions<never>
): RequestHandler<P>
export function effectHandler<A, E, R, P = Params>(
  fn: (req: Request<P>, res: Response) => Effect.Effect<A, E, R>,
  options: EffectHandlerOptions<R> & { readonly runtime: EffectRunner<R> }
): RequestHandler<P>
export function effectHandler<A, E, P>(
  fn: (req: Request<P>, res: Response) => Effect.Effect<A, E, any>,
  options: EffectHandlerOptions<any> | EffectHandlerOptions<never> = {}
): RequestHandler<P> {
  const runner = (options.runtime ?? defaultRunner) as EffectRunner<any>
  return (req: Request<P>, res: Response, next: NextFunction): void => {
    // Core's run path, shared with the Nest adapter: the server span (ending with the answer, here or
    // in the error middleware, whose status it carries) and interruption when the client goes away,
    // after which nothing is sent and the interruption is no error for `next`.
    runForResponse(
      runner,
      Effect.suspend(() => fn(req, res)),
      req,
      res,
      (exit) => {
        if (Exit.isFailure(exit)) return next(forNext(errorOfCause(exit.cause)))
        try {
          send(res, exit.value)
        } catch (error) {
          // A value `res.json` cannot serialise (a BigInt, a cycle): the app's error handlers answer it.
          next(error)
        }
      }
    )
  }
}
