// Compile-time checks (run by `typecheck`, not by vitest): a handler gets only the services its
// runtime provides.
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { Express, Request, RequestHandler } from "express"
import { effectHandler } from "../src/index.js"

class Clock extends Context.Service<Clock, { readonly now: Effect.Effect<number> }>()("types/Clock") {}
class Mailer extends Context.Service<Mailer, { readonly send: (to: string) => Effect.Effect<void> }>()(
  "types/Mailer"
) {}
class Db extends Context.Service<Db, { readonly ping: Effect.Effect<void> }>()("types/Db") {}

// Built lazily: ManagedRuntime.make does no work until first used.
const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    Layer.succeed(Clock)({ now: Effect.succeed(0) }),
    Layer.succeed(Mailer)({ send: () => Effect.void })
  )
)

// A handler needing a subset of the runtime's services.
export const subset: RequestHandler = effectHandler(() => Clock.use((clock) => clock.now), { runtime })

// One needing none runs without a runtime.
export const none: RequestHandler = effectHandler((req) => Effect.succeed({ path: req.path }))

// @ts-expect-error Db is not provided by the runtime
export const missing: RequestHandler = effectHandler(() => Db.use((db) => db.ping), { runtime })

// @ts-expect-error a handler needing services must be given a runtime
export const noRuntime: RequestHandler = effectHandler(() => Clock.use((clock) => clock.now))

// Route parameters are typed when the handler annotates its request, and the route accepts it.
export const routes = (app: Express): void => {
  app.get(
    "/orders/:orderId",
    effectHandler((req: Request<{ orderId: string }>) => Effect.succeed(req.params.orderId.toUpperCase()))
  )
}

// Without the annotation, parameters are Express's defaults: the path is not seen by effectHandler.
export const untyped = (app: Express): void => {
  app.get(
    "/orders/:orderId",
    effectHandler((req) => {
      const id: string | string[] | undefined = req.params.orderId
      // @ts-expect-error not inferred from the path: string | string[] | undefined
      const typed: string = req.params.orderId
      return Effect.succeed({ id, typed })
    })
  )
}
