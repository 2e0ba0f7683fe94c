import { type DynamicModule, Module } from "@nestjs/common"
import { EffectInterceptor } from "./EffectInterceptor.js"
import { FaultlineRuntime } from "./FaultlineRuntime.js"
import { ConfigurableModuleClass, type FaultlineModuleRootOptions } from "./FaultlineModuleDefinition.js"
import { UpstreamExceptionFilter } from "./UpstreamExceptionFilter.js"
import { validateModuleOptions } from "./validateModuleOptions.js"

/**
 * Maps upstream failures to sanitized problem+json responses and runs Effect-returning controllers.
 * `FaultlineModule.forRoot(options?)` or `forRootAsync({ imports, inject, useFactory })`.
 *
 * By default it registers `UpstreamExceptionFilter` as a global filter and `EffectInterceptor` as a
 * global interceptor; `globalFilter: false` / `globalInterceptor: false` leave either to the app. The
 * runtime, the filter and the interceptor are exported, so the app can register or inject them.
 */
@Module({
  providers: [FaultlineRuntime, UpstreamExceptionFilter, EffectInterceptor],
  exports: [FaultlineRuntime, UpstreamExceptionFilter, EffectInterceptor]
})
export class FaultlineModule extends ConfigurableModuleClass {
  /** Checks the options right away (a `TypeError` naming a bad one); `forRootAsync`'s at boot. */
  static override forRoot(options: FaultlineModuleRootOptions = {}): DynamicModule {
    validateModuleOptions(options)
    // biome-ignore lint/complexity/noThisInStatic: the builder's forRoot reads `this` as the module class
    return super.forRoot(options)
  }
}
