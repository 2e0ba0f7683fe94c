import { createHash } from "node:crypto"
import { CertCentral, type CertCentralFailure, type DcvProgress, dcvProgress } from "@faultline/certcentral"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import { Dns, type DnsFailure, type ZoneGone } from "./dns.js"
import { OrderLedger, type OrderProgress } from "./ledger.js"
import { type BodyIssue, type CertificateRequest, decodeBody } from "./requestBody.js"
import type { GatewaySettings } from "./settings.js"

/** `POST /certificates`: what the caller asks for (decoded by `CertificateRequestBody`). */
export type { CertificateRequest }

/**
 * The answer to `POST /certificates`: 201 once issued, 202 while it is not: DigiCert does not see the
 * TXT yet (`dcvStatus: "pending"`), or domain control is proven and the order waits for organization
 * validation (`dcvStatus: "valid"`).
 */
export interface IssueResult {
  readonly id: number
  readonly status: "issued" | "pending"
  readonly commonName: string
  readonly dcvStatus: string
  readonly certificateId?: number
  /** Where DigiCert looks for the random value (the TXT record the gateway published). */
  readonly dnsRecord: { readonly name: string; readonly type: "TXT" }
}

/** `GET /certificates/:id`: the order's state at CertCentral. */
export interface CertificateView {
  readonly id: number
  readonly status: string | undefined
  readonly commonName: string | undefined
  readonly dnsNames: ReadonlyArray<string> | undefined
  readonly certificateId: number | undefined
  readonly validTill: string | undefined
  readonly product: string | undefined
  readonly dcvMethod: string | undefined
}

/**
 * The request body is not `{ commonName, csr }` with a host name and a PEM request: `issues` says
 * where and what, from the Schema decoding (empty for a body that is not JSON at all).
 */
export class InvalidCertificateRequest extends Data.TaggedError("InvalidCertificateRequest")<{
  readonly issues: ReadonlyArray<BodyIssue>
}> {}

/** No DNS zone of the service holds the name: the gateway cannot publish its TXT record. */
export class NameOutsideZones extends Data.TaggedError("NameOutsideZones")<{
  readonly commonName: string
}> {}

/**
 * A step after the order was placed failed. The order exists (maybe billed): the problem response
 * carries its id (`orderId`), and the same request sent again resumes it. `cause` is the upstream
 * failure, which the adapters find through the `cause` chain and answer.
 */
export class OrderStepFailed extends Data.TaggedError("OrderStepFailed")<{
  readonly orderId: number
  readonly cause: CertCentralFailure | DnsFailure | ZoneGone
}> {}

export type IssueFailure =
  | CertCentralFailure
  | DnsFailure
  | InvalidCertificateRequest
  | NameOutsideZones
  | OrderStepFailed

export interface CertificatesApi {
  readonly issue: (request: unknown) => Effect.Effect<IssueResult, IssueFailure>
  readonly get: (id: string) => Effect.Effect<CertificateView, CertCentralFailure>
}

// The progress of one request while it runs: the ledger's line, changed step by step and saved.
type Progress = { -readonly [K in keyof OrderProgress]: OrderProgress[K] }

/** The body decoded with Schema: a lower-case host name and something shaped like a PEM request. */
export const readRequest = (body: unknown): Effect.Effect<CertificateRequest, InvalidCertificateRequest> =>
  Result.match(decodeBody(body), {
    onSuccess: (request) => Effect.succeed(request),
    onFailure: (issues) => Effect.fail(new InvalidCertificateRequest({ issues }))
  })

/**
 * The key of a request: the same CSR for the same name is the same order. Its progress lives in the
 * `OrderLedger` (in memory, or in Redis when replicas share it), so that a retry that lands on
 * another replica, or after a restart, resumes the order too.
 */
export const requestKey = (request: CertificateRequest): string =>
  createHash("sha256").update(request.commonName).update("\n").update(request.csr).digest("hex")

/** The zone holding `name`: the longest zone name that is the name itself or one of its suffixes. */
export const zoneFor = (name: string, zones: ReadonlyArray<string>): string | undefined =>
  zones
    .map((zone) => zone.toLowerCase().replace(/\.$/, ""))
    .filter((zone) => name === zone || name.endsWith(`.${zone}`))
    .sort((a, b) => b.length - a.length)[0]

/** The TXT owner relative to the zone: DigiCert looks at `_dnsauth.<name>` (and the name itself). */
export const dnsauthOwner = (name: string, zone: string): string =>
  name === zone ? "_dnsauth" : `_dnsauth.${name.slice(0, -(zone.length + 1))}`

const isInvalidDnsTxt = (error: CertCentralFailure): boolean =>
  error._tag === "CertCentralError" && error.reason._tag === "InvalidDnsTxt"

/** The gateway's job, over the two vendor clients: order, publish the TXT, commit, check DCV. */
export class Certificates extends Context.Service<Certificates, CertificatesApi>()("gateway/Certificates") {
  static readonly make = (settings: GatewaySettings) =>
    Effect.gen(function* () {
      const certCentral = yield* CertCentral
      const dns = yield* Dns
      // Per request: its order's progress, an order sent whose outcome is unknown (`sentAt`), and a
      // lock so that two identical requests in flight (on any replica) never both order.
      const ledger = yield* OrderLedger
      // The progress as it is now, written after every step, so a resumed request goes on from there.
      const save = (key: string, entry: OrderProgress) => ledger.write(key, { order: { ...entry } })

      // DigiCert is asked again while it answers invalid_dns_txt (DNS not caught up yet), at most
      // `checks` times in all, `interval` apart.
      const dcvRetry = {
        schedule: Schedule.spaced(settings.dcv.interval),
        times: Math.max(0, settings.dcv.checks - 1),
        while: isInvalidDnsTxt
      }

      const placeOrder = (request: CertificateRequest, key: string, before: number | undefined) =>
        Effect.gen(function* () {
          // The zone first: no order is placed for a name whose domain control we cannot prove.
          const zones = yield* dns.zones()
          const zone = zoneFor(request.commonName, zones)
          if (zone === undefined) return yield* new NameOutsideZones({ commonName: request.commonName })
          // Written before the order goes out: a replica that dies now leaves `sentAt`, and the next
          // attempt looks for this order (from the earliest send) before placing one.
          const sentAt = before ?? (yield* Clock.currentTimeMillis)
          yield* ledger.write(key, { sentAt })
          const order = yield* certCentral
            .submitOrder(
              settings.product,
              {
                certificate: { common_name: request.commonName, csr: request.csr, signature_hash: "sha256" },
                order_validity: { years: 1 },
                dcv_method: "dns-txt-token"
              },
              before !== undefined ? { resume: { sentAt: before } } : {}
            )
            .pipe(
              Effect.tapError((error) => {
                const reason = error._tag === "CertCentralError" ? error.reason : undefined
                return reason?._tag === "OrderOutcomeUnknown"
                  ? // The earliest send counts: a later look must still reach back to the first order.
                    ledger.write(key, { sentAt: Math.min(reason.sentAt, sentAt) })
                  : // A refusal: nothing was ordered, nothing to look for.
                    ledger.write(key, {})
              })
            )
          const entry: OrderProgress = {
            orderId: order.id,
            commonName: request.commonName,
            zone,
            owner: dnsauthOwner(request.commonName, zone),
            randomValue: order.dcv_random_value ?? "",
            published: false,
            committed: false
          }
          yield* save(key, entry)
          return entry
        })

      // An order answer without the value (a reconciled order: order info does not show it):
      // DigiCert's dcv-random-value endpoint gives the order's current value, never an empty one.
      const fetchRandomValue = (key: string, entry: Progress) =>
        entry.randomValue !== ""
          ? Effect.succeed(entry.randomValue)
          : Effect.gen(function* () {
              const { dcv_random_value } = yield* certCentral.newDcvRandomValue(entry.orderId)
              entry.randomValue = dcv_random_value
              yield* save(key, entry)
              return dcv_random_value
            })

      // The steps after the order, each skipped once done, so a resumed request goes on where the
      // failed one stopped.
      const proveControl = (key: string, entry: Progress) =>
        Effect.gen(function* () {
          const value = yield* fetchRandomValue(key, entry)
          if (!entry.published) {
            // An earlier add whose outcome is unknown (its answer may have been lost): the DNS side
            // looks for the record first and never adds a second one (see Dns.publishTxt).
            const sentAt = entry.publishSentAt
            if (sentAt === undefined) {
              // Written before it goes out, like an order: whoever resumes looks before adding.
              entry.publishSentAt = yield* Clock.currentTimeMillis
              yield* save(key, entry)
            }
            yield* dns.publishTxt({
              zone: entry.zone,
              owner: entry.owner,
              value,
              ttl: settings.txtTtl,
              sentAt
            })
            entry.published = true
            entry.committed = false
            yield* save(key, entry)
          }
          if (!entry.committed) {
            yield* dns.apply(entry.zone)
            entry.committed = true
            yield* save(key, entry)
          }
          const dcv = yield* certCentral.checkDcv(entry.orderId).pipe(
            Effect.retry(dcvRetry),
            Effect.map(dcvProgress),
            // Still not seen at the end of the budget: pending, not a failure (202).
            Effect.catchReason("CertCentralError", "InvalidDnsTxt", () =>
              Effect.succeed<DcvProgress>({ _tag: "Pending", dcvValid: false })
            )
          )
          // Issued only when DigiCert says so: a 200 with domain control valid may still wait for
          // organization validation (OV/EV), which is 202 too.
          if (dcv._tag === "Issued") {
            entry.issued = dcv.certificateId !== undefined ? { certificateId: dcv.certificateId } : {}
            yield* save(key, entry)
            return "valid"
          }
          return dcv.dcvValid ? "valid" : "pending"
        })

      const resultOf = (entry: Progress, dcvStatus: string): IssueResult => ({
        id: entry.orderId,
        status: entry.issued !== undefined ? "issued" : "pending",
        commonName: entry.commonName,
        dcvStatus,
        ...(entry.issued?.certificateId !== undefined ? { certificateId: entry.issued.certificateId } : {}),
        dnsRecord: { name: `${entry.owner}.${entry.zone}`, type: "TXT" }
      })

      const issue = (body: unknown): Effect.Effect<IssueResult, IssueFailure> =>
        Effect.gen(function* () {
          const request = yield* readRequest(body)
          const key = requestKey(request)
          return yield* ledger.withLock(key)(
            Effect.gen(function* () {
              const line = yield* ledger.read(key)
              const entry: Progress =
                line.order !== undefined ? { ...line.order } : yield* placeOrder(request, key, line.sentAt)
              // Issued already (a retry after a lost 201): the same answer, nothing sent again.
              if (entry.issued !== undefined) return resultOf(entry, "valid")
              const dcvStatus = yield* proveControl(key, entry).pipe(
                Effect.mapError((cause) =>
                  // The ledger is not a step of the order: its outage is answered as it is.
                  cause._tag === "UpstreamError" && cause.reason._tag === "LedgerStoreUnavailable"
                    ? cause
                    : new OrderStepFailed({ orderId: entry.orderId, cause })
                )
              )
              return resultOf(entry, dcvStatus)
            })
          )
        })

      const get = (id: string): Effect.Effect<CertificateView, CertCentralFailure> =>
        Effect.map(certCentral.getOrder(id), (order) => ({
          id: order.id,
          status: order.status,
          commonName: order.certificate?.common_name,
          dnsNames: order.certificate?.dns_names,
          certificateId: order.certificate?.id,
          validTill: order.certificate?.valid_till,
          product: order.product?.name_id,
          dcvMethod: order.dcv_method
        }))

      return { issue, get } satisfies CertificatesApi
    })

  /** The service over `CertCentral` and `Dns` (provide their layers once, at the edge). */
  static readonly layer = (settings: GatewaySettings) =>
    Layer.effect(Certificates, Certificates.make(settings))
}
