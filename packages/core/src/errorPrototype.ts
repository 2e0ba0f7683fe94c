import * as Data from "effect/Data"

// Own `stack` set by whoever assigns one (effect's pretty printer, a logger adding context): the
// prototype only supplies the default.
const ownStack = (self: object, value: unknown): void => {
  Object.defineProperty(self, "stack", { value, writable: true, configurable: true, enumerable: false })
}

/**
 * Sets one field of a new instance from its args. A key `__proto__` is defined as a field, never
 * assigned (which would replace the instance's prototype); any other goes through the prototype's
 * setters, as a field assignment does.
 */
export const setField = (self: object, key: string, value: unknown): void => {
  if (key === "__proto__") {
    Object.defineProperty(self, key, { value, writable: true, enumerable: true, configurable: true })
  } else (self as Record<string, unknown>)[key] = value
}

/**
 * The prototype of effect's `Data.Error`, for classes whose instances are built as ordinary objects on
 * it instead of through the `Error` constructor. Decoders build one failure and one reason per
 * upstream answer, and the `Error` constructor (its stack capture and internal slots) was most of a
 * decode's cost, for a stack that only pointed into the decoder (where the caller raises the failure
 * is what Effect's spans record).
 *
 * An instance keeps what a `Data.TaggedError` offers its users: `instanceof Error` (and its class),
 * `name` (the tag, set by `nameClass`), effect's yieldable-error protocol (`yield*`, `Effect.fail`),
 * `toJSON` and the inspect output, `String(error)`, structural `Equal`/`Hash` over its fields, and
 * `Object.prototype.toString` giving `[object Error]`. `stack` reads `<name>: <message>` (what a
 * stackless `Error` holds); assigning one stores it on the instance. What differs: it is not a native
 * error to `util.types.isNativeError`, and has no captured frames.
 */
export const errorPrototype: object = Object.create(Data.Error.prototype, {
  stack: {
    get(this: { readonly name: string; readonly message: string }) {
      return `${this.name}: ${this.message}`
    },
    set(this: object, value: unknown) {
      ownStack(this, value)
    },
    configurable: true,
    enumerable: false
  },
  [Symbol.toStringTag]: { value: "Error", configurable: true, enumerable: false }
})

/** Names a class's instances as `Data.TaggedError(tag)` does: `name` on the prototype. */
export const nameClass = (klass: { readonly prototype: object }, tag: string): void => {
  Object.defineProperty(klass.prototype, "name", {
    value: tag,
    writable: true,
    enumerable: true,
    configurable: true
  })
}
