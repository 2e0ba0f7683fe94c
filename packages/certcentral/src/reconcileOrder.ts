import type { Reconciliation } from "@faultline/core/vendor"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { ResolvedReconcileOptions } from "./CertCentralConfig.js"
import { csrKeyFingerprint } from "./csrKey.js"
import { orderInstant } from "./orderInstant.js"
import type { ListOrdersParams, Order, OrderList, SubmittedOrder } from "./models.js"

/** What identifies the order that was sent: its key, names, product and the caller's reference. */
export interface SentOrder {
  readonly productNameId: string
  readonly commonName: string
  readonly names: ReadonlyArray<string>
  readonly keyFingerprint: string | undefined
  readonly reference: string | undefined
  /** When it was first sent (epoch ms). */
  readonly sentAt: number
}

export interface OrderLookups<E> {
  readonly listOrders: (params: ListOrdersParams) => Effect.Effect<OrderList, E>
  readonly getOrder: (orderId: number) => Effect.Effect<Order, E>
}

const sameNames = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  const left = new Set(a.map((n) => n.toLowerCase()))
  const right = new Set(b.map((n) => n.toLowerCase()))
  return left.size === right.size && [...left].every((n) => right.has(n))
}

const namesOf = (order: Order): ReadonlyArray<string> | undefined => {
  const cn = order.certificate?.common_name
  return cn === undefined ? undefined : [cn, ...(order.certificate?.dns_names ?? [])]
}

/** The answer the lost 201 would have carried, from what order info shows of the order. */
const asSubmitted = (order: Order): SubmittedOrder => ({
  id: order.id,
  ...(order.dcv_random_value !== undefined ? { dcv_random_value: order.dcv_random_value } : {}),
  ...(order.certificate?.id !== undefined ? { certificate_id: order.certificate.id } : {})
})

type Verdict = "match" | "other" | "unreadable"

// One candidate read in full: the reference decides when both sides have one; otherwise the key (the
// CSR's public key) decides what is not ours, and a key match is ours only with the same names.
// DigiCert rewrites names on some products (it adds `www.` or the base domain), so a key match with
// other names may well be our order: unreadable (outcome unknown), never "other" (which would let
// the order be sent again and billed twice). Without a CSR to compare, nothing is proven.
const verdict = (sent: SentOrder, order: Order, referenceField: number | undefined): Verdict => {
  if (sent.reference !== undefined && referenceField !== undefined) {
    const theirs = order.custom_fields?.find((f) => f.metadata_id === referenceField)
    if (theirs !== undefined) return String(theirs.value ?? "") === sent.reference ? "match" : "other"
  }
  const key = csrKeyFingerprint(order.certificate?.csr)
  if (key === undefined || sent.keyFingerprint === undefined) return "unreadable"
  if (key !== sent.keyFingerprint) return "other"
  const names = namesOf(order)
  return names !== undefined && sameNames(names, sent.names) ? "match" : "unreadable"
}

/**
 * Looks for the order a lost answer may have created (core's `sendExactlyOnce` runs it after the
 * settle wait): the most recent orders of the common name
 * (`filters[common_name]`, `sort=-date_created`), those dated from `skew` before the attempt on,
 * each read in full (order info holds the CSR and custom fields) and matched by the caller's
 * reference, else by key and names. Absence is claimed only when every candidate was read and the
 * listing reaches back past the attempt; anything less is `Unknown`.
 */
export const reconcileOrder = <E>(
  lookups: OrderLookups<E>,
  sent: SentOrder,
  options: ResolvedReconcileOptions
): Effect.Effect<Reconciliation<SubmittedOrder>> =>
  Effect.gen(function* () {
    const listed = yield* Effect.result(
      lookups.listOrders({
        filters: { common_name: sent.commonName },
        sort: "-date_created",
        limit: options.maxCandidates
      })
    )
    if (Result.isFailure(listed)) return { _tag: "Unknown", candidates: [] } as const
    const cutoff = sent.sentAt - Duration.toMillis(options.skew)
    const dated = listed.success.orders.map((o) => ({ order: o, at: orderInstant(o.date_created) }))
    // An order without a readable date (or one without a zone) could be ours: it stays a candidate,
    // and it never shows that the list reaches back past the attempt.
    const candidates = dated.filter((o) => !(o.at < cutoff)).map((o) => o.order.id)
    // Complete when the list holds every order of the name, or reaches one older than the window.
    const total = listed.success.page?.total
    const complete =
      (total !== undefined && total <= listed.success.orders.length) || dated.some((o) => o.at < cutoff)
    const unreadable: Array<number> = []
    for (const id of candidates) {
      const info = yield* Effect.result(lookups.getOrder(id))
      if (Result.isFailure(info)) {
        unreadable.push(id)
        continue
      }
      const found = verdict(sent, info.success, options.referenceField)
      yield* Effect.logDebug("CertCentral.reconcileOrder candidate", { orderId: id, verdict: found })
      if (found === "match") return { _tag: "Found", value: asSubmitted(info.success) } as const
      if (found === "unreadable") unreadable.push(id)
    }
    return complete && unreadable.length === 0
      ? ({ _tag: "Absent" } as const)
      : ({ _tag: "Unknown", candidates: candidates } as const)
  }).pipe(
    Effect.tap((r) =>
      Effect.all([
        Effect.annotateCurrentSpan("faultline.reconciliation", r._tag),
        Effect.logDebug("CertCentral.reconcileOrder", {
          result: r._tag,
          ...(r._tag === "Found" ? { orderId: r.value.id } : {}),
          commonName: sent.commonName,
          keyFingerprint: sent.keyFingerprint?.slice(0, 16),
          reference: sent.reference
        })
      ])
    ),
    Effect.withSpan("CertCentral.reconcileOrder", {
      attributes: {
        "certcentral.common_name": sent.commonName,
        "certcentral.product": sent.productNameId,
        ...(sent.keyFingerprint !== undefined
          ? { "certcentral.key_fingerprint": sent.keyFingerprint.slice(0, 16) }
          : {})
      }
    })
  )
