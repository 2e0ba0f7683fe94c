import { ConfigurableModuleBuilder } from "@nestjs/common"
import type { FaultlineModuleOptions } from "./options.js"

/** The injection token of the module's options, for providers that want to read them. */
export const FAULTLINE_OPTIONS: unique symbol = Symbol.for("@faultline/nest-adapter/options")

// Global by default: the filter and interceptor are global anyway, and the runtime should be too.
export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<FaultlineModuleOptions>({ optionsInjectionToken: FAULTLINE_OPTIONS })
    .setClassMethodName("forRoot")
    .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
    .build()
