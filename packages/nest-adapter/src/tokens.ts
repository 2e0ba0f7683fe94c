/** The injection token of the module's options, for providers that want to read them. */
export const FAULTLINE_OPTIONS: unique symbol = Symbol.for("@faultline/nest-adapter/options")
