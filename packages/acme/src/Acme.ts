import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type { UpstreamError } from "../../core/src/UpstreamError.js"
import {
  headerCredential,
  type Reconciliation,
  sendExactlyOnce,
  vendorService
} from "../../core/src/vendor.js"
import { validateAcmeOptions } from "./AcmeConfig.js"
import { AcmeError } from "./AcmeError.js"
import { decodeError } from "./decodeError.js"
import { decodeWidget, decodeWidgetList, type Widget, type WidgetList } from "./models.js"
import { CreateOutcomeUnknown } from "./reasons.js"

/** A call's failure: an acme answer, or core's `UpstreamError` for transport and reading faults. */
export type AcmeFailure = AcmeError | UpstreamError

/** Where the key goes; redacted in every log and span. */
export const apiKeyHeader = "x-acme-key"

export interface AcmeClient {
  readonly getWidget: (id: number) => Effect.Effect<Widget, AcmeFailure>
  readonly listWidgets: (name?: string) => Effect.Effect<WidgetList, AcmeFailure>
  /** `POST widgets`, exactly once: a lost answer is looked for by name before anything is resent. */
  readonly createWidget: (name: string) => Effect.Effect<Widget, AcmeFailure>
}

const acme = { vendor: "acme", service: "Acme", decodeError }

/** Builds the acme client (see `vendorService`); a bad option fails with `InvalidOptionError`. */
export const { make, layer, layerConfig } = vendorService(() => Acme, acme, {
  validate: validateAcmeOptions,
  connect: (settings) => headerCredential(apiKeyHeader, settings.apiKey),
  client: ({ call, invalidRequest }, settings): AcmeClient => {
    const url = (path: string) => new URL(path, settings.baseUrl)
    const listWidgets = (name?: string) =>
      call({
        method: "GET",
        operation: "listWidgets",
        route: "widgets",
        url: url("widgets"),
        ...(name !== undefined ? { urlParams: { name } } : {}),
        decode: decodeWidgetList
      })
    const create = (name: string) =>
      call({
        method: "POST",
        operation: "createWidget",
        route: "widgets",
        url: url("widgets"),
        body: { name },
        decode: decodeWidget
      })
    return {
      getWidget: (id) =>
        Number.isSafeInteger(id) && id > 0
          ? call({
              method: "GET",
              operation: "getWidget",
              route: "widgets/{id}",
              url: url(`widgets/${id}`),
              decode: decodeWidget
            })
          : invalidRequest("InvalidWidgetId"),
      listWidgets,
      createWidget: (name) => {
        const reconcile = settings.reconcile
        if (reconcile === false) return create(name)
        return Effect.flatMap(Clock.currentTimeMillis, (sentAt) =>
          sendExactlyOnce({
            service: "Acme",
            operation: "createWidget",
            send: create(name),
            // Names are unique at acme: listed, it was made; listed without it, it was not.
            look: Effect.map(Effect.result(listWidgets(name)), (listed): Reconciliation<Widget> => {
              if (Result.isFailure(listed)) return { _tag: "Unknown", candidates: [] }
              const [found] = listed.success.widgets.filter((w) => w.name === name)
              return found !== undefined ? { _tag: "Found", value: found } : { _tag: "Absent" }
            }),
            settle: reconcile.settle,
            unknown: () =>
              new AcmeError({
                reason: new CreateOutcomeUnknown({ name, sentAt, retryAfter: Duration.minutes(1) })
              })
          })
        )
      }
    }
  }
})

/** The acme client service: `Acme.layer(options)`, `Acme.layerConfig(acmeConfigFromEnv)`, `Acme.make`. */
export class Acme extends Context.Service<Acme, AcmeClient>()("@faultline/acme-vendor/Acme") {
  static readonly make = make
  static readonly layer = layer
  static readonly layerConfig = layerConfig
}
