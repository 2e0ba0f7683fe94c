import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** The type `decodeLenient` yields: the required fields, and each optional one that decoded. */
export type Lenient<
  R extends Schema.Struct.Fields,
  O extends Schema.Struct.Fields
> = Schema.Struct<R>["Type"] & {
  readonly [K in keyof O]?: O[K]["Type"]
}

/**
 * A success body decoder that fails only for what the caller cannot do without: `required` fields
 * must decode (an order without its id is unreadable), while each `optional` field is kept when it
 * decodes and left out when it does not. So a vendor that adds, renames or reshapes a field we do
 * not rely on never turns a processed (and maybe billed) request into a failure. Unknown fields
 * are dropped; only own properties are read.
 */
export const decodeLenient = <R extends Schema.Struct.Fields, O extends Schema.Struct.Fields>(
  required: R,
  optional: O
): ((body: unknown) => Option.Option<Lenient<R, O>>) => {
  const strict = Schema.decodeUnknownOption(Schema.Struct(required) as never) as (
    u: unknown
  ) => Option.Option<Schema.Struct<R>["Type"]>
  const each = Object.entries(optional).map(
    ([key, schema]) =>
      [key, Schema.decodeUnknownOption(schema as never) as (u: unknown) => Option.Option<unknown>] as const
  )
  return (body) =>
    Option.map(strict(body), (base) => {
      const out: Record<string, unknown> = { ...base }
      const record = body as Readonly<Record<string, unknown>>
      for (const [key, decode] of each) {
        if (!Object.hasOwn(record, key)) continue
        const value = decode(record[key])
        if (Option.isSome(value)) out[key] = value.value
      }
      return out as Lenient<R, O>
    })
}
