// Compile-time checks (run by `typecheck`, not by vitest): @EffectRoute(layer) accepts a route whose
// Effect needs only the layer's services.
import { Controller, Get } from "@nestjs/common"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { EffectRoute } from "../src/index.js"

class Clock extends Context.Service<Clock, { readonly now: Effect.Effect<number> }>()("types/Clock") {}
class Db extends Context.Service<Db, { readonly ping: Effect.Effect<void> }>()("types/Db") {}

// A layer that may fail to build is fine: the module's boot fails with it.
const AppLayer = Layer.effect(Clock)(Effect.succeed({ now: Effect.succeed(0) })).pipe(
  Layer.provide(Layer.effectDiscard(Effect.fail("bad configuration" as const)))
)

@Controller()
export class Routes {
  @Get("now")
  @EffectRoute(AppLayer)
  now() {
    return Clock.use((clock) => clock.now)
  }

  @Get("pure")
  @EffectRoute()
  pure() {
    return Effect.succeed("no services")
  }

  @Get("ping")
  // @ts-expect-error Db is not provided by AppLayer
  @EffectRoute(AppLayer)
  ping() {
    return Db.use((db) => db.ping)
  }

  @Get("needs")
  // @ts-expect-error without a layer the Effect must need no services
  @EffectRoute()
  needs() {
    return Clock.use((clock) => clock.now)
  }

  @Get("not-an-effect")
  // @ts-expect-error @EffectRoute is for routes returning an Effect
  @EffectRoute(AppLayer)
  notAnEffect() {
    return 42
  }
}
