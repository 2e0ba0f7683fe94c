import * as Schema from "effect/Schema"

// Success bodies, decoded with only the fields the certificate flow needs. Unknown fields are
// tolerated (and dropped), so DigiCert adding fields never breaks a caller.

const Id = Schema.Number

/** `POST order/certificate/{product_name_id}`: the new order. */
export const SubmittedOrder = Schema.Struct({
  id: Id,
  certificate_id: Schema.optionalKey(Id),
  requests: Schema.optionalKey(
    Schema.Array(Schema.Struct({ id: Id, status: Schema.optionalKey(Schema.String) }))
  ),
  domains: Schema.optionalKey(Schema.Array(Schema.Struct({ id: Id, name: Schema.String }))),
  dcv_random_value: Schema.optionalKey(Schema.String)
})
export type SubmittedOrder = typeof SubmittedOrder.Type

/** `GET order/certificate/{order_id}`. */
export const Order = Schema.Struct({
  id: Id,
  status: Schema.String,
  certificate: Schema.optionalKey(
    Schema.Struct({
      id: Schema.optionalKey(Id),
      common_name: Schema.optionalKey(Schema.String),
      dns_names: Schema.optionalKey(Schema.Array(Schema.String)),
      valid_till: Schema.optionalKey(Schema.String)
    })
  ),
  product: Schema.optionalKey(Schema.Struct({ name_id: Schema.optionalKey(Schema.String) })),
  dcv_method: Schema.optionalKey(Schema.String)
})
export type Order = typeof Order.Type

/** `PUT order/certificate/{order_id}/check-dcv`. */
export const DcvCheck = Schema.Struct({
  order_status: Schema.optionalKey(Schema.String),
  dcv_status: Schema.optionalKey(Schema.String),
  certificate_id: Schema.optionalKey(Id)
})
export type DcvCheck = typeof DcvCheck.Type

/** `GET order/certificate`. */
export const OrderList = Schema.Struct({
  orders: Schema.Array(
    Schema.Struct({
      id: Id,
      status: Schema.optionalKey(Schema.String),
      certificate: Schema.optionalKey(Schema.Struct({ common_name: Schema.optionalKey(Schema.String) })),
      product: Schema.optionalKey(Schema.Struct({ name_id: Schema.optionalKey(Schema.String) }))
    })
  ),
  page: Schema.optionalKey(
    Schema.Struct({
      total: Schema.optionalKey(Schema.Number),
      limit: Schema.optionalKey(Schema.Number),
      offset: Schema.optionalKey(Schema.Number)
    })
  )
})
export type OrderList = typeof OrderList.Type

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

export interface ListOrdersParams {
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}
