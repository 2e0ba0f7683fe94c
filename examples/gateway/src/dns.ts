// The gateway's DNS side, on either vendor: IIJ's DO-API or its successor DPF-API. Certificates only
// needs three things of it: the zones it may publish in, one TXT record published exactly once, and
// the zone's changes applied. Each layer maps them onto its vendor client.
import { DoApi, DoApiError, type DoApiFailure, DoApiReasons, lookForRecord } from "@faultline/do-api"
import { Dpf, DpfError, type DpfFailure, DpfReasons } from "@faultline/dpf"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** Which DNS vendor publishes the `_dnsauth` TXT record. */
export type DnsVendor = "do-api" | "dpf"
export const dnsVendors: ReadonlyArray<DnsVendor> = ["do-api", "dpf"]

export type DnsFailure = DoApiFailure | DpfFailure

/**
 * The zone an order's record goes in is not among the DNS service's zones any more (it was when the
 * order was placed). The gateway's own finding, not the vendor's answer: nothing was sent to change
 * the zone, and the gateway answers it with its own problem (409, with the order's id).
 */
export class ZoneGone extends Data.TaggedError("ZoneGone")<{
  readonly zone: string
}> {}

/** One TXT record to publish: `owner` relative to `zone` (`_dnsauth.shop` in `example.jp`). */
export interface TxtRecord {
  readonly zone: string
  readonly owner: string
  /** The value, unquoted: each vendor quotes it as it takes TXT data. */
  readonly value: string
  readonly ttl: number
  /**
   * When an earlier attempt to add this record was sent and its outcome is not known (its answer may
   * have been lost): the zone is read first. Found: done; absent: added; unsure: a typed unknown
   * outcome (retry later), never a second add.
   */
  readonly sentAt?: number | undefined
}

export interface DnsApi {
  readonly vendor: DnsVendor
  /** The names of the zones the service may publish in (a final dot is allowed). */
  readonly zones: () => Effect.Effect<ReadonlyArray<string>, DnsFailure>
  readonly publishTxt: (record: TxtRecord) => Effect.Effect<void, DnsFailure | ZoneGone>
  /** Makes the zone's pending changes live (DO-API's commit, DPF-API's apply). */
  readonly apply: (zone: string) => Effect.Effect<void, DnsFailure | ZoneGone>
}

// An earlier add may be there or not, and the zone could not tell: retry later, never add again.
const retryLater = Duration.minutes(1)

export class Dns extends Context.Service<Dns, DnsApi>()("gateway/Dns") {
  /** Over `DoApi`: TXT data quoted by us (DO-API takes the record's text as given). */
  static readonly layerDoApi = Layer.effect(
    Dns,
    Effect.gen(function* () {
      const doApi = yield* DoApi
      const add = (r: TxtRecord) =>
        doApi.addRecord(r.zone, { owner: r.owner, ttl: r.ttl, recordType: "TXT", rdata: `"${r.value}"` })
      const publishTxt = (r: TxtRecord): Effect.Effect<void, DnsFailure> =>
        Effect.gen(function* () {
          const { sentAt } = r
          if (sentAt !== undefined) {
            // Compared in DO-API's listed form; a record that may be ours but is not surely is unsure.
            const { records } = yield* doApi.listRecords(r.zone)
            const record = { owner: r.owner, ttl: r.ttl, recordType: "TXT", rdata: `"${r.value}"` } as const
            const found = lookForRecord(records, r.zone, record)
            if (found._tag === "Found") return
            if (found._tag === "Unknown") {
              const reason = new DoApiReasons.ChangeOutcomeUnknown({
                operation: "addRecord",
                zone: r.zone,
                sentAt,
                retryAfter: retryLater
              })
              return yield* new DoApiError({ reason, upstreamStatus: undefined })
            }
          }
          yield* add(r)
        })
      return {
        vendor: "do-api",
        zones: () => Effect.map(doApi.listZones(), ({ zones }) => zones),
        publishTxt,
        // With the zone, a commit whose answer was lost is reconciled by reading the zone; the client
        // itself waits out RequestRunning (a commit still running) with backoff.
        apply: (zone) => Effect.asVoid(doApi.commit({ zone }))
      } satisfies DnsApi
    })
  )

  /** Over `Dpf`: names made absolute (`_dnsauth.shop.example.jp.`); the client quotes TXT values. */
  static readonly layerDpf = Layer.effect(
    Dns,
    Effect.gen(function* () {
      const dpf = yield* Dpf
      // Zone ids by name, from the last listing: ids never change, so a stale entry is still right.
      const ids = new Map<string, string>()
      const key = (zone: string) => zone.toLowerCase().replace(/\.$/, "")
      const listZones = Effect.map(dpf.listZones(), (zones) => {
        for (const zone of zones) ids.set(key(zone.name), zone.id)
        return zones.map((zone) => zone.name)
      })
      const zoneId = (zone: string) =>
        Effect.gen(function* () {
          const known = ids.get(key(zone))
          if (known !== undefined) return known
          yield* listZones
          const listed = ids.get(key(zone))
          if (listed !== undefined) return listed
          // The zone was there when the order was placed (on this replica or another) and is not
          // listed now: our finding, not an answer of DPF-API's, so no vendor failure is made up.
          return yield* new ZoneGone({ zone })
        })
      const publishTxt = (r: TxtRecord): Effect.Effect<void, DnsFailure | ZoneGone> =>
        Effect.gen(function* () {
          const id = yield* zoneId(r.zone)
          const record = { name: `${r.owner}.${key(r.zone)}`, rrtype: "TXT", rdata: [r.value], ttl: r.ttl }
          const { sentAt } = r
          if (sentAt !== undefined) {
            const seen = yield* dpf.lookForRecord(id, record)
            if (seen._tag === "Found") return
            if (seen._tag === "Unknown") {
              const reason = new DpfReasons.ChangeOutcomeUnknown({
                operation: "addRecord",
                zoneId: id,
                jobId: undefined,
                sentAt,
                retryAfter: retryLater
              })
              return yield* new DpfError({ reason })
            }
          }
          yield* dpf.addRecord(id, record)
        })
      return {
        vendor: "dpf",
        zones: () => listZones,
        publishTxt,
        apply: (zone) => Effect.asVoid(Effect.flatMap(zoneId(zone), (id) => dpf.applyChanges(id)))
      } satisfies DnsApi
    })
  )
}
