import {
  type CallHandler,
  type ExecutionContext,
  HttpCode,
  Injectable,
  InternalServerErrorException,
  Logger,
  type NestInterceptor
} from "@nestjs/common"
import { errorOfCause, type RoutedRequest, runForResponse } from "@faultline/core/adapter"
import { HttpAdapterHost, Reflector } from "@nestjs/core"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { Observable, type Observer, type Subscriber } from "rxjs"
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
  private readonly scope: InterceptorScope

  constructor(runtime: FaultlineRuntime, reflector: Reflector, adapterHost: HttpAdapterHost) {
    this.scope = { runtime, reflector, adapterHost, logger: new Logger(EffectInterceptor.name) }
  }

  /**
   * The handler's values pass through as they are; an Effect among them is run and replaced by its
   * value. One Observable around the handler's, observed by one object per request, rather than an
   * rxjs pipe (`mergeMap` and an inner Observable per value): this runs on every request of every
   * route, Effect or not.
   */
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const source = next.handle()
    return new Observable<unknown>((subscriber) => {
      const values = new HandlerValues(this.scope, context, subscriber)
      const subscription = source.subscribe(values)
      return () => {
        subscription.unsubscribe()
        values.interrupt()
      }
    })
  }
}

/** What the interceptor's work per request reads, built once. */
interface InterceptorScope {
  readonly runtime: FaultlineRuntime
  readonly reflector: Reflector
  readonly adapterHost: HttpAdapterHost
  readonly logger: Logger
}

/**
 * The handler's values, for one request: each passed on, unless it is an Effect (run, its value
 * passed on) or holds one (refused). Completes once the handler's Observable completed and its
 * Effects settled. A class, so that a request builds no closures beyond the Effect's own run.
 */
class HandlerValues implements Observer<unknown> {
  // How to interrupt the Effects still running, should the subscriber go away first (made for the
  // first Effect that waits).
  private running: Set<() => void> | undefined
  private sourceDone = false

  constructor(
    private readonly scope: InterceptorScope,
    private readonly context: ExecutionContext,
    private readonly subscriber: Subscriber<unknown>
  ) {}

  next(value: unknown): void {
    if (Effect.isEffect(value)) this.run(value)
    else if (holdsEffect(value)) this.subscriber.error(refuse(this.scope, this.context))
    else this.subscriber.next(value)
  }

  error(error: unknown): void {
    this.subscriber.error(error)
  }

  complete(): void {
    this.sourceDone = true
    if (!this.running?.size) this.subscriber.complete()
  }

  interrupt(): void {
    if (this.running !== undefined) for (const cancel of this.running) cancel()
  }

  // Runs the Effect on core's run path, shared with the Express adapter: the same server span
  // (Express's route or Fastify's routeOptions give the template; it ends with the answer, whose
  // status it carries) and interruption when the client goes away, after which nothing is emitted.
  private run(effect: Effect.Effect<unknown, unknown, unknown>): void {
    const { context, subscriber } = this
    const http = context.getType() === "http" ? context.switchToHttp() : undefined
    const response: unknown = http?.getResponse()
    let cancel: (() => void) | undefined
    let settled = false
    cancel = runForResponse(
      this.scope.runtime.runtime,
      effect,
      http?.getRequest<RoutedRequest>(),
      rawResponse(response),
      (exit) => {
        settled = true
        if (Exit.isFailure(exit)) return subscriber.error(errorOfCause(exit.cause))
        try {
          if (exit.value === undefined && http !== undefined) noContent(this.scope, context, response)
        } catch (error) {
          // Called from the fiber's observer: a platform that throws here answers through Nest.
          return subscriber.error(error)
        }
        subscriber.next(exit.value)
        if (cancel !== undefined) this.running?.delete(cancel)
        if (this.sourceDone && !this.running?.size) subscriber.complete()
      }
    )
    // An Effect that did not wait has settled already: nothing left to interrupt.
    if (settled) return
    this.running ??= new Set()
    this.running.add(cancel)
  }
}

// Nothing to send: 204, as the Express adapter answers, unless the route chose its status
// (`@HttpCode`) or the Effect set one itself.
const noContent = (scope: InterceptorScope, context: ExecutionContext, response: unknown): void => {
  const adapter = scope.adapterHost.httpAdapter
  const raw = rawResponse(response)
  if (adapter === undefined || raw === undefined || adapter.isHeadersSent(response)) return
  if (httpCodeKey !== undefined && scope.reflector.get(httpCodeKey, context.getHandler()) !== undefined)
    return
  const request = context.switchToHttp().getRequest<{ readonly method?: string }>()
  const byMethod = request.method === "POST" ? 201 : 200
  if (raw.statusCode === byMethod) adapter.status(response, 204)
}

const refuse = (scope: InterceptorScope, context: ExecutionContext): InternalServerErrorException => {
  scope.logger.error(
    `${context.getClass().name}.${context.getHandler().name} returned an Effect that another interceptor ` +
      "wrapped before EffectInterceptor could run it; it was not sent. Add @UseInterceptors(EffectInterceptor) " +
      "to the controller or route, after the interceptors that map its value."
  )
  return new InternalServerErrorException()
}
