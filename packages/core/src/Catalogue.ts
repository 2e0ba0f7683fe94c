import type { UpstreamReason } from "./UpstreamReason.js"
import { Reason, type ReasonClass, type ReasonSpec } from "./Reason.js"
import { unrecognizedPlaceholder } from "./sanitizeCode.js"

/** A row of a vendor's catalogue: a reason class made with `Reason`. */
// `any` arguments: every reason class, whatever its own fields.
export type CatalogueRow = { readonly tag: string; readonly spec: ReasonSpec } & (abstract new (
  ...args: any
) => UpstreamReason)

/** The union of a catalogue's reasons: what a vendor error's `reason` holds. */
export type ReasonOf<T extends ReadonlyArray<CatalogueRow>> = InstanceType<T[number]>

/** The code of an answer known only by its status: `http_<n>` in every vendor, `http_status` without one. */
export const statusCode = (status: number | undefined): string =>
  status === undefined ? "http_status" : `http_${status}`

/** What a decoder and the reference read from a vendor's one catalogue table. */
export interface CatalogueIndex<K extends CatalogueRow> {
  /** Every row, in the order of the table. */
  readonly rows: ReadonlyArray<K>
  /** Documented code -> reason class (a `Map`: an upstream code can never reach a prototype). */
  readonly byCode: ReadonlyMap<string, K>
  /**
   * The status-only reason of a status: the row coded `http_<n>`, else `http_<d>xx`, else
   * `http_status`; `undefined` when the vendor has none (its decoder then uses `unknown`).
   */
  readonly byStatus: (status: number | undefined) => K | undefined
  /** The reason of a code nobody documents (`source: "unknown"`). */
  readonly unknown: K
  /** Rows that stand for a status, an unknown code or the client rather than a documented code. */
  readonly fallbackReasons: ReadonlyArray<K>
  /** Rows the client raises itself (`source: "client"`). */
  readonly clientReasons: ReadonlyArray<K>
  /** Documented codes that carry a `:param`. */
  readonly parameterisedCodes: ReadonlySet<string>
}

const sourceOf = (row: CatalogueRow) => row.spec.source ?? "code"

/**
 * Indexes a vendor's catalogue table, the one place its reasons are listed: the code lookup, the
 * status lookup, the fallback and client rows all come from it, so no decoder needs a `switch`.
 * A table without exactly one `unknown` row, or with a code or tag twice, is a bug of the vendor
 * package: it throws when the module loads, never while decoding.
 */
export const indexCatalogue = <const T extends ReadonlyArray<CatalogueRow>>(
  rows: T
): CatalogueIndex<T[number]> => {
  const unknown = rows.filter((row) => sourceOf(row) === "unknown")
  const [only] = unknown
  if (unknown.length !== 1 || only === undefined) throw new Error("a catalogue needs exactly one unknown row")
  if (new Set(rows.map((r) => r.tag)).size !== rows.length) throw new Error("a catalogue tag is listed twice")
  if (new Set(rows.map((r) => r.spec.code)).size !== rows.length)
    throw new Error("a catalogue code is listed twice")
  const byCode = new Map(rows.filter((r) => sourceOf(r) === "code").map((r) => [r.spec.code, r] as const))
  const byStatusCode = new Map(
    rows.filter((r) => sourceOf(r) === "status").map((r) => [r.spec.code, r] as const)
  )
  return {
    rows,
    byCode,
    byStatus: (status) =>
      (status !== undefined
        ? (byStatusCode.get(statusCode(status)) ?? byStatusCode.get(`http_${Math.floor(status / 100)}xx`))
        : undefined) ?? byStatusCode.get(statusCode(undefined)),
    unknown: only,
    fallbackReasons: rows.filter((r) => sourceOf(r) !== "code"),
    clientReasons: rows.filter((r) => sourceOf(r) === "client"),
    parameterisedCodes: new Set(rows.filter((r) => r.spec.parameterised === true).map((r) => r.spec.code))
  }
}

/** The code of the unknown row in every vendor: `unrecognized` (instances: `unrecognized#<hash>`). */
export const unknownCode = unrecognizedPlaceholder

/**
 * The unknown row every vendor has: tag `Unrecognized`, code `unrecognized` (instances carry
 * `unrecognized#<hash>` or `http_<n>`), `upstream-error` / `never` unless the status says more.
 * `spec` adds the vendor's note and text, or narrows `varies`.
 *
 * ```ts
 * export class Unrecognized extends UnrecognizedReason("acme", { note: "..." }) {}
 * ```
 */
export const UnrecognizedReason = (
  vendor: string,
  spec: Partial<Omit<ReasonSpec, "vendor" | "code" | "source">> = {}
): ReasonClass<"Unrecognized"> =>
  Reason("Unrecognized", {
    vendor,
    code: unknownCode,
    status: "any",
    source: "unknown",
    varies: "by status",
    category: "upstream-error",
    retry: "never",
    ...spec
  })
