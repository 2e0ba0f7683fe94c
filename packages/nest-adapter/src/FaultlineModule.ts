import { type DynamicModule, Module } from "@nestjs/common"
import { APP_FILTER, APP_INTERCEPTOR } from "@nestjs/core"
import { EffectInterceptor } from "./EffectInterceptor.js"
import { FaultlineRuntime } from "./FaultlineRuntime.js"
import { ConfigurableModuleClass, type OPTIONS_TYPE } from "./FaultlineModuleDefinition.js"
import { UpstreamExceptionFilter } from "./UpstreamExceptionFilter.js"
import { validateModuleOptions } from "./validateModuleOptions.js"

/**
 * Maps upstream failures to sanitized problem+json responses app-wide and runs Effect-returning
 * controllers. `FaultlineModule.forRoot(options?)` or `forRootAsync({ imports, inject, useFactory })`.
 */
@Module({
  providers: [
    FaultlineRuntime,
    { provide: APP_FILTER, useClass: UpstreamExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: EffectInterceptor }
  ],
  exports: [FaultlineRuntime]
})
export class FaultlineModule extends ConfigurableModuleClass {
  /** Checks the options right away (a `TypeError` naming a bad one); `forRootAsync`'s at boot. */
  static override forRoot(options: typeof OPTIONS_TYPE = {}): DynamicModule {
    validateModuleOptions(options)
    // biome-ignore lint/complexity/noThisInStatic: the builder's forRoot reads `this` as the module class
    return super.forRoot(options)
  }
}
