import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { describe, expect, it } from "vitest"
import { CertCentralSimulator, DoApiSimulator, SimulatorStartError } from "../src/index.js"

describe("Effect forms", () => {
  it("scoped starts the simulators for the scope and closes them after", async () => {
    const urls = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const dns = yield* DoApiSimulator.scoped()
          const ca = yield* CertCentralSimulator.scoped({ resolveTxt: dns.resolveTxt })
          const response = yield* Effect.promise(() =>
            fetch(`${ca.url}order/certificate`, { headers: { "x-dc-devkey": ca.apiKey } })
          )
          expect(response.status).toBe(200)
          return [ca.url, dns.url] as const
        })
      )
    )
    for (const url of urls) await expect(fetch(url)).rejects.toThrow()
  })

  it("layer provides the handle as a service", async () => {
    const program = Effect.gen(function* () {
      const ca = yield* CertCentralSimulator
      const dns = yield* DoApiSimulator
      return [ca.url.endsWith("/services/v2/"), dns.zones] as const
    })
    const result = await Effect.runPromise(
      program.pipe(Effect.provide(Layer.mergeAll(CertCentralSimulator.layer(), DoApiSimulator.layer())))
    )
    expect(result).toEqual([true, ["example.jp"]])
  })

  it("fails with SimulatorStartError naming the option", async () => {
    const error = await Effect.runPromise(
      Effect.scoped(CertCentralSimulator.scoped({ apiKey: "x" } as never)).pipe(Effect.flip)
    )
    expect(error).toBeInstanceOf(SimulatorStartError)
    expect(error.message).toMatch(/unknown option "apiKey"/)
  })
})
