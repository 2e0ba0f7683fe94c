import { createHmac } from "node:crypto"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { apiPath, encodeSegment, formatExpire, sign } from "../src/index.js"

const credentials = { accessKey: "AKEXAMPLE", secretKey: Redacted.make("secret/key+value") }

// The reference computation, written out by hand from IIJ's scheme: nothing imported from src.
const hmac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("base64")

describe("sign", () => {
  it("signs a GET as the hand-built string to sign", () => {
    const now = Date.UTC(2026, 10, 21, 23, 40, 12, 987)
    const signed = sign({ method: "get", path: "/r/20140601/do0000001/zones.json" }, credentials, now)
    const expected =
      "GET\n\n\n" +
      "x-iijapi-expire:2026-11-21T23:45:12Z\n" +
      "x-iijapi-signaturemethod:HmacSHA256\n" +
      "x-iijapi-signatureversion:2\n" +
      "/r/20140601/do0000001/zones.json"
    expect(signed.stringToSign).toBe(expected)
    expect(signed.expire).toBe("2026-11-21T23:45:12Z")
    expect(signed.headers).toEqual({
      "x-iijapi-Expire": "2026-11-21T23:45:12Z",
      "x-iijapi-SignatureMethod": "HmacSHA256",
      "x-iijapi-SignatureVersion": "2",
      Authorization: `IIJAPI AKEXAMPLE:${hmac("secret/key+value", expected)}`
    })
  })

  it("covers Content-MD5, Content-Type and extra x-iijapi headers, and drops the query", () => {
    const now = new Date("2030-01-02T03:04:05Z")
    const signed = sign(
      {
        method: "POST",
        path: "/r/20140601/do0000001/example.jp/record.json?x=1",
        contentType: "application/json",
        contentMd5: "rL0Y20zC+Fzt72VPzMSk2A==",
        headers: { "X-IIJAPI-Zeta": " z ", "x-iijapi-alpha": "a", "Content-Language": "ignored" }
      },
      { accessKey: Redacted.make("AK2"), secretKey: "plain" },
      now,
      { expiresIn: "1 hour" }
    )
    const expected =
      "POST\nrL0Y20zC+Fzt72VPzMSk2A==\napplication/json\n" +
      "x-iijapi-alpha:a\n" +
      "x-iijapi-expire:2030-01-02T04:04:05Z\n" +
      "x-iijapi-signaturemethod:HmacSHA256\n" +
      "x-iijapi-signatureversion:2\n" +
      "x-iijapi-zeta:z\n" +
      "/r/20140601/do0000001/example.jp/record.json"
    expect(signed.stringToSign).toBe(expected)
    expect(signed.headers.Authorization).toBe(`IIJAPI AK2:${hmac("plain", expected)}`)
    expect(signed.headers["x-iijapi-alpha"]).toBe("a")
    expect(signed.headers).not.toHaveProperty("Content-Language")
  })

  it("is deterministic given now and changes with it", () => {
    const request = { method: "DELETE", path: "/r/20140601/do1/example.jp/record/42.json" }
    expect(sign(request, credentials, 1_000_000)).toEqual(sign(request, credentials, 1_000_999))
    expect(sign(request, credentials, 1_000_000).headers.Authorization).not.toBe(
      sign(request, credentials, 2_000_000).headers.Authorization
    )
  })

  it("formats Expire in UTC without milliseconds", () => {
    expect(formatExpire(0)).toBe("1970-01-01T00:00:00Z")
    expect(formatExpire(Date.UTC(2026, 0, 1, 0, 0, 0, 999))).toBe("2026-01-01T00:00:00Z")
  })
})

describe("path encoding", () => {
  it("percent-encodes each segment outside the unreserved set", () => {
    expect(encodeSegment("example.jp")).toBe("example.jp")
    expect(encodeSegment("a b/c?d#e")).toBe("a%20b%2Fc%3Fd%23e")
    expect(encodeSegment("it's(*)!")).toBe("it%27s%28%2A%29%21")
    expect(encodeSegment("例え.jp")).toBe("%E4%BE%8B%E3%81%88.jp")
    expect(encodeSegment("")).toBeUndefined()
    expect(encodeSegment("..")).toBeUndefined()
    expect(encodeSegment("\ud800")).toBeUndefined()
  })

  it("builds /r/20140601/<serviceCode>/... with .json on the last segment", () => {
    expect(apiPath("do0000001", ["example.jp", "record", "12 3"])).toBe(
      "/r/20140601/do0000001/example.jp/record/12%203.json"
    )
    expect(apiPath("do0000001", ["zones"])).toBe("/r/20140601/do0000001/zones.json")
    expect(apiPath("do0000001", [".", "zones"])).toBeUndefined()
  })
})
