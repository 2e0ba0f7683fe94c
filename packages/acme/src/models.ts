import * as Option from "effect/Option"
import { ownField } from "../../core/src/vendor.js"

/** An acme widget: `{ id, name }` (CONTRACT.md). */
export interface Widget {
  readonly id: number
  readonly name: string
}

export interface WidgetList {
  readonly widgets: ReadonlyArray<Widget>
}

// Lenient: a field we do not use never fails a success; `id` and `name` must be there.
const widget = (u: unknown): Widget | undefined => {
  const id = ownField(u, "id")
  const name = ownField(u, "name")
  return typeof id === "number" && Number.isSafeInteger(id) && typeof name === "string"
    ? { id, name }
    : undefined
}

export const decodeWidget = (json: unknown): Option.Option<Widget> => Option.fromUndefinedOr(widget(json))

export const decodeWidgetList = (json: unknown): Option.Option<WidgetList> => {
  const list = ownField(json, "widgets")
  if (!Array.isArray(list)) return Option.none()
  return Option.some({ widgets: list.flatMap((u) => widget(u) ?? []) })
}
