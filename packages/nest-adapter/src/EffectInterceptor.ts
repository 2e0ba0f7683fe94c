import {
  type CallHandler,
  type ExecutionContext,
  HttpCode,
  Injectable,
  InternalServerErrorException,
  Logger,
  type NestInterceptor
} from "@nestjs/common"
import { clientDisconnect, type RoutedRequest, withServerSpan } from "@faultline/core/adapter"
import { HttpAdapterHost, Reflector } from "@nestjs/core"
import * as Effect from "effect/Effect"
import { mergeMap, type Observable, of, tap, throwError } from "rxjs"
import { FaultlineRuntime } from "./FaultlineRuntime.js"
import { holdsEffect } from "./holdsEffect.js"
import { rawResponse } from "./rawResponse.js"

// The metadata key `@HttpCode` writes, learnt from the public decorator itself (Nest's
// `constants.js`, where the key is declared, is not public API and moved between Nest 11 and 12).
const httpCodeKey: string | undefined = (() => {
  const probe = () => undefined
  const before = new Set(Reflect.getOwnMetadataKeys(probe))
  HttpCode(299)({}, "probe", { value: probe })
  return Reflect.getOwnMetadataKeys(probe).find(
    (key): key is string =>
      typeof key === "string" && !before.has(key) && Reflect.getOwnMetadata(key, probe) === 299
  )
})()

/**
 * Lets controllers return an Effect: runs it on the module's runtime and answers with its value
 * (`undefined` gives 204, unless the route has its own `@HttpCode`). A failure is rethrown, so
 * `UpstreamExceptionFilter` (or Nest's own handling) turns it into a response. The Effect runs in
 * core's server span for the route (`GET /orders/:id`, kind server), as in the Express adapter. When
 * the client disconnects first (or was gone before the Effect started), the fiber is interrupted and
 * nothing is sent.
 *
 * `FaultlineModule` registers it globally (unless `globalInterceptor: false`), which makes it the
 * outermost interceptor: another
 * interceptor that maps the handler's value (`map((data) => ({ data }))`) sees the Effect before it
 * runs. Put it closest to the handler with `@UseInterceptors(EffectInterceptor)` on the controller or
 * route (after the app's own interceptors in that list), or with `@EffectRoute(layer)`. Where that was forgotten, a body that holds
 * an Effect is never sent: the request fails with a plain 500 and the mistake is logged.
 */
@Injectable()
export class EffectInterceptor implements NestInterceptor {
  private readonly logger = new Logger(EffectInterceptor.name)

  constructor(
    private readonly runtime: FaultlineRuntime,
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((value: unknown) => {
        if (Effect.isEffect(value)) return this.run(value, context)
        if (holdsEffect(value)) return this.refuse(context)
        return of(value)
      })
    )
  }

  private run(
    effect: Effect.Effect<unknown, unknown, unknown>,
    context: ExecutionContext
  ): Observable<unknown> {
    if (context.getType() !== "http") return this.runtime.observe(effect)
    const http = context.switchToHttp()
    const response: unknown = http.getResponse()
    const raw = rawResponse(response)
    // Core's rules, shared with the Express adapter: the same server span (Express's route or
    // Fastify's routeOptions give the template; it ends with the answer, whose status it carries),
    // and interruption when the client goes away.
    const traced = effect.pipe(withServerSpan(http.getRequest<RoutedRequest>(), raw))
    const disconnect = clientDisconnect(raw)
    return this.runtime.observe(traced, { signal: disconnect.signal }).pipe(
      tap({
        next: (value) => {
          if (value === undefined) this.noContent(context, response)
        },
        finalize: disconnect.stop
      })
    )
  }

  // Nothing to send: 204, as the Express adapter answers, unless the route chose its status
  // (`@HttpCode`) or the Effect set one itself.
  private noContent(context: ExecutionContext, response: unknown): void {
    const adapter = this.adapterHost.httpAdapter
    const raw = rawResponse(response)
    if (adapter === undefined || raw === undefined || adapter.isHeadersSent(response)) return
    if (httpCodeKey !== undefined && this.reflector.get(httpCodeKey, context.getHandler()) !== undefined)
      return
    const request = context.switchToHttp().getRequest<{ readonly method?: string }>()
    const byMethod = request.method === "POST" ? 201 : 200
    if (raw.statusCode === byMethod) adapter.status(response, 204)
  }

  private refuse(context: ExecutionContext): Observable<never> {
    this.logger.error(
      `${context.getClass().name}.${context.getHandler().name} returned an Effect that another interceptor ` +
        "wrapped before EffectInterceptor could run it; it was not sent. Add @UseInterceptors(EffectInterceptor) " +
        "to the controller or route, after the interceptors that map its value."
    )
    return throwError(() => new InternalServerErrorException())
  }
}
