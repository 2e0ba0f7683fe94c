import * as Result from "effect/Result"
import { describe, expect, it } from "vitest"
import { decodeBody } from "../src/requestBody.js"

const csr = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----"
const issuesOf = (body: unknown) =>
  Result.match(decodeBody(body), { onSuccess: () => [], onFailure: (i) => i })

describe("the POST /certificates body, read with Schema", () => {
  it("decodes a host name (trimmed, lower case, no final dot) and a PEM request", () => {
    expect(decodeBody({ commonName: " Shop.Example.JP. ", csr: `\n${csr}\n\n` })).toEqual(
      Result.succeed({ commonName: "shop.example.jp", csr: `${csr}\n` })
    )
  })

  it("gives every issue as { pointer, code }, never the value sent", () => {
    expect(issuesOf({})).toEqual([
      { pointer: "/commonName", code: "required" },
      { pointer: "/csr", code: "required" }
    ])
    expect(issuesOf({ commonName: 42, csr })).toEqual([{ pointer: "/commonName", code: "invalid_type" }])
    expect(issuesOf({ commonName: "not a host", csr: "hello" })).toEqual([
      { pointer: "/commonName", code: "invalid" },
      { pointer: "/csr", code: "invalid" }
    ])
    expect(issuesOf({ commonName: "shop.example.jp", csr: `${csr}${" ".repeat(16_384)}` })).toEqual([
      { pointer: "/csr", code: "invalid" }
    ])
    for (const body of [null, "text", 7, []])
      expect(issuesOf(body)).toEqual([{ pointer: "", code: "invalid_type" }])
    expect(JSON.stringify(issuesOf({ commonName: "secret value!", csr: "secret" }))).not.toContain("secret")
  })
})
