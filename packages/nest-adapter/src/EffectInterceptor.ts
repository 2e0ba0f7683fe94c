import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from "@nestjs/common"
import * as Effect from "effect/Effect"
import { mergeMap, type Observable, of } from "rxjs"
import { FaultlineRuntime } from "./FaultlineRuntime.js"

/**
 * Lets controllers return an Effect: runs it on the module's runtime and answers with its value.
 * A failure is rethrown, so `UpstreamExceptionFilter` (or Nest's own handling) turns it into a response.
 */
@Injectable()
export class EffectInterceptor implements NestInterceptor {
  constructor(private readonly runtime: FaultlineRuntime) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(mergeMap((value: unknown) => (Effect.isEffect(value) ? this.runtime.observe(value) : of(value))))
  }
}
