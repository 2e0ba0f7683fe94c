import { decodeLenient, type Lenient } from "@faultline/core/vendor"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { OrderFilter } from "./orderFilters.js"

// Success bodies. Only what a caller cannot do without is required (an order's `id`); every other
// field is kept when it reads as documented and left out when it does not, so a 2xx (an order
// placed, maybe billed) never turns into a failure over a field we do not use. Unknown fields are
// dropped.

const Id = Schema.Number
const Text = Schema.String
/** A DCV random value: an empty or blank one is no value, so it reads as absent (never published). */
const RandomValue = Schema.String.check(Schema.isPattern(/\S/))

const orderedDomain = Schema.Struct({
  id: Id,
  name: Schema.optionalKey(Text),
  dns_name: Schema.optionalKey(Text)
})

const submittedOrderFields = {
  certificate_id: Id,
  requests: Schema.Array(Schema.Struct({ id: Id, status: Schema.optionalKey(Text) })),
  /** Public clients read `dns_name`; DigiCert's examples show `name`: either is kept. */
  domains: Schema.Array(orderedDomain),
  /** The random value to publish for DNS TXT domain control validation (`dcv_method: dns-txt-token`). */
  dcv_random_value: RandomValue
}

/** `POST order/certificate/{product_name_id}`: the new order. */
export type SubmittedOrder = Lenient<{ id: typeof Id }, typeof submittedOrderFields>
export const decodeSubmittedOrder = decodeLenient({ id: Id }, submittedOrderFields)

const orderFields = {
  status: Text,
  certificate: Schema.Struct({
    id: Schema.optionalKey(Id),
    common_name: Schema.optionalKey(Text),
    dns_names: Schema.optionalKey(Schema.Array(Text)),
    valid_till: Schema.optionalKey(Text),
    date_created: Schema.optionalKey(Text),
    /** The CSR the order was placed with: what matches an order to its request. */
    csr: Schema.optionalKey(Text)
  }),
  product: Schema.Struct({ name_id: Schema.optionalKey(Text) }),
  dcv_method: Text,
  /**
   * Read when present, but no DigiCert page shows it in order info (unconfirmed, see CONTRACT.md):
   * when it is absent, ask for it with `newDcvRandomValue`.
   */
  dcv_random_value: RandomValue,
  /** The account's custom fields on the order, e.g. a caller's reference. */
  custom_fields: Schema.Array(
    Schema.Struct({ metadata_id: Id, value: Schema.optionalKey(Schema.Union([Text, Schema.Number])) })
  )
}

/** `GET order/certificate/{order_id}`. */
export type Order = Lenient<{ id: typeof Id }, typeof orderFields>
export const decodeOrder = decodeLenient({ id: Id }, orderFields)

const dcvCheckFields = {
  /** The order's status: `issued` once the certificate is, `pending` while DigiCert still validates. */
  order_status: Text,
  /** `valid` once domain control is proven for the checked names. */
  dcv_status: Text,
  certificate_id: Id,
  /** One entry per checked name: `status` is `approved` once that name's control is proven. */
  dns_name_validations: Schema.Array(
    Schema.Struct({ dns_name: Schema.optionalKey(Text), status: Schema.optionalKey(Text) })
  )
}

/** `PUT order/certificate/{order_id}/check-dcv` (a 200; a value not found is a 400 error). */
export type DcvCheck = Lenient<{}, typeof dcvCheckFields>
export const decodeDcvCheck = decodeLenient({}, dcvCheckFields)

const dcvRandomValueFields = {
  /** When the value expires (ISO 8601, UTC). */
  expiration_date: Text
}

/**
 * `PUT order/certificate/{order_id}/dcv-random-value`: the order's DCV random value, never empty (a
 * 200 without one is unreadable).
 */
export type DcvRandomValue = Lenient<{ dcv_random_value: typeof RandomValue }, typeof dcvRandomValueFields>
export const decodeDcvRandomValue = decodeLenient({ dcv_random_value: RandomValue }, dcvRandomValueFields)

const orderSummaryFields = {
  status: Text,
  /** When the order was created (ISO 8601, DigiCert's clock). */
  date_created: Text,
  certificate: Schema.Struct({
    common_name: Schema.optionalKey(Text),
    dns_names: Schema.optionalKey(Schema.Array(Text))
  }),
  product: Schema.Struct({ name_id: Schema.optionalKey(Text) })
}

/** One order of `GET order/certificate`. */
export type OrderSummary = Lenient<{ id: typeof Id }, typeof orderSummaryFields>
const decodeOrderSummary = decodeLenient({ id: Id }, orderSummaryFields)

const pageFields = { total: Schema.Number, limit: Schema.Number, offset: Schema.Number }
const decodePage = decodeLenient({}, pageFields)
const decodeListBody = decodeLenient({ orders: Schema.Array(Schema.Unknown) }, { page: Schema.Unknown })

/** `GET order/certificate`: the orders that read (an entry without an id is skipped), and the page. */
export interface OrderList {
  readonly orders: ReadonlyArray<OrderSummary>
  readonly page?: Lenient<{}, typeof pageFields>
}
export const decodeOrderList = (body: unknown): Option.Option<OrderList> =>
  Option.map(decodeListBody(body), ({ orders, page }) => {
    const decodedPage = page === undefined ? Option.none() : decodePage(page)
    return {
      orders: orders.flatMap((order) => Option.toArray(decodeOrderSummary(order))),
      ...(Option.isSome(decodedPage) ? { page: decodedPage.value } : {})
    }
  })

/** The order body: the certificate and what DigiCert needs to issue it; other fields pass through. */
export interface OrderRequest {
  readonly certificate: {
    readonly common_name: string
    readonly csr?: string | undefined
    readonly dns_names?: ReadonlyArray<string> | undefined
    readonly signature_hash?: string | undefined
    readonly [field: string]: unknown
  }
  readonly organization?: { readonly id: number } | undefined
  readonly order_validity?: { readonly years?: number; readonly days?: number } | undefined
  readonly dcv_method?: "email" | "dns-txt-token" | "dns-cname-token" | "http-token" | undefined
  readonly [field: string]: unknown
}

export { type OrderFilter, orderFilters } from "./orderFilters.js"

export interface ListOrdersParams {
  /** An integer >= 1. */
  readonly limit?: number | undefined
  /** An integer >= 0. */
  readonly offset?: number | undefined
  /** `filters[<name>]=<value>`, with DigiCert's documented names only. */
  readonly filters?: Readonly<Partial<Record<OrderFilter, string>>> | undefined
  /**
   * Fields to sort by, comma-separated, each with `-` first for descending, e.g. `-date_created` or
   * `status,-date_created`.
   */
  readonly sort?: string | undefined
}
