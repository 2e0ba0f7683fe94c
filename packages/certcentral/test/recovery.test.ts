import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { CertCentral, layer } from "../src/CertCentral.js"
import { fakeCertCentral } from "./server.js"

describe("typed recovery", () => {
  it.effect("the README flow: order, then recover a pending DCV check with catchReason", () =>
    Effect.gen(function* () {
      const fake = yield* fakeCertCentral
      fake.reply(
        { status: 201, body: { id: 11, dcv_random_value: "abc" } },
        { status: 400, body: { errors: [{ code: "invalid_dns_txt", message: "not yet" }] } }
      )
      const live = layer({ apiKey: Redacted.make("k"), baseUrl: fake.baseUrl }).pipe(
        Layer.provide(FetchHttpClient.layer)
      )
      const result = yield* Effect.gen(function* () {
        const certcentral = yield* CertCentral
        const order = yield* certcentral.submitOrder("ssl_basic", {
          certificate: { common_name: "example.com", csr: "csr", signature_hash: "sha256" },
          order_validity: { years: 1 },
          dcv_method: "dns-txt-token"
        })
        assert.strictEqual(order.dcv_random_value, "abc")
        return yield* certcentral
          .checkDcv(order.id)
          .pipe(
            Effect.catchReason("CertCentralError", "InvalidDnsTxt", (reason) =>
              Effect.succeed({ dcv_status: `pending (${reason.category})` })
            )
          )
      }).pipe(Effect.provide(live))
      assert.deepStrictEqual(result, { dcv_status: "pending (conflict)" })
      assert.deepStrictEqual(
        fake.seen.map((s) => s.url),
        ["/services/v2/order/certificate/ssl_basic", "/services/v2/order/certificate/11/check-dcv"]
      )
    })
  )
})
