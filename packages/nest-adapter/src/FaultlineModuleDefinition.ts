import { ConfigurableModuleBuilder, type Provider } from "@nestjs/common"
import { APP_FILTER, APP_INTERCEPTOR } from "@nestjs/core"
import { EffectInterceptor } from "./EffectInterceptor.js"
import type { FaultlineModuleOptions } from "./options.js"
import { FAULTLINE_OPTIONS } from "./tokens.js"
import { UpstreamExceptionFilter } from "./UpstreamExceptionFilter.js"

export { FAULTLINE_OPTIONS }

/**
 * How `FaultlineModule` registers itself, given beside the options of `forRoot` and `forRootAsync`
 * (never from `useFactory`: Nest reads them when the module is configured).
 */
export interface FaultlineRegistration {
  /** Whether the module (and its exported providers) is global. Default `true`. */
  readonly isGlobal?: boolean | undefined
  /**
   * Whether `UpstreamExceptionFilter` is registered as a global filter (`APP_FILTER`). Default `true`.
   * Set `false` when the app has a catch-all filter of its own: then register the filter yourself
   * (`app.useGlobalFilters(app.get(UpstreamExceptionFilter))`, listed first) or call its
   * `answer(exception, host)` from your filter.
   */
  readonly globalFilter?: boolean | undefined
  /**
   * Whether `EffectInterceptor` is registered as a global interceptor (`APP_INTERCEPTOR`). Default
   * `true`. Set `false` to run Effects only where `@UseInterceptors(EffectInterceptor)` or
   * `@EffectRoute` says so.
   */
  readonly globalInterceptor?: boolean | undefined
}

const registrationDefaults = { isGlobal: true, globalFilter: true, globalInterceptor: true }

const globalProviders = (extras: FaultlineRegistration): Array<Provider> => [
  ...(extras.globalFilter === false ? [] : [{ provide: APP_FILTER, useExisting: UpstreamExceptionFilter }]),
  ...(extras.globalInterceptor === false
    ? []
    : [{ provide: APP_INTERCEPTOR, useExisting: EffectInterceptor }])
]

// Global by default, and so are the filter and interceptor: each can be turned off (see above).
export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<FaultlineModuleOptions>({ optionsInjectionToken: FAULTLINE_OPTIONS })
    .setClassMethodName("forRoot")
    .setExtras<FaultlineRegistration>(registrationDefaults, (definition, extras) => ({
      ...definition,
      global: extras.isGlobal !== false,
      providers: [...(definition.providers ?? []), ...globalProviders(extras)]
    }))
    .build()

/** The options of `FaultlineModule.forRoot`: the module's options and how it registers itself. */
export type FaultlineModuleRootOptions = typeof OPTIONS_TYPE

/** The options of `FaultlineModule.forRootAsync` (`imports`, `inject`, `useFactory`...). */
export type FaultlineModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE
