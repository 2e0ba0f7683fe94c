import { createHash, createHmac } from "node:crypto"
import * as Redacted from "effect/Redacted"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { apiPath, encodeSegment, formatExpire, sign, zoneName } from "../src/index.js"
import { type DoApiSimulatorHandle, startDoApiSimulator } from "@faultline/testing"

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
    // Signed, so sent: the returned headers carry the exact Content-MD5 and Content-Type.
    // Lower-case names, as fetch and Effect's Headers use: spreading them with a `content-type` of
    // your own replaces the value instead of sending it twice.
    expect(signed.headers["content-md5"]).toBe("rL0Y20zC+Fzt72VPzMSk2A==")
    expect(signed.headers["content-type"]).toBe("application/json")
    expect(signed.headers).not.toHaveProperty("Content-Language")
  })

  it("throws RangeError for an expiresIn that is no duration", () => {
    const request = { method: "GET", path: "/r/20140601/do1/zones.json" }
    expect(() => sign(request, credentials, 0, { expiresIn: "30 secs" as never })).toThrow(RangeError)
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

describe("sign used directly, against the verifying DO-API simulator on 127.0.0.1", () => {
  const accessKey = "AKTESTACCESSKEY0001"
  const secretKey = "sk-test-9f8e7d6c5b4a-do-not-log"
  let sim: DoApiSimulatorHandle
  beforeEach(async () => {
    // Its clock at epoch 0, as the signatures below are made at 0.
    sim = await startDoApiSimulator({
      credentials: [{ accessKey, secretKey }],
      serviceCode: "do0000001",
      now: () => 0
    })
  })
  afterEach(() => sim.close())

  it("sending exactly the returned headers verifies, Content-MD5 and Content-Type included", async () => {
    const body = JSON.stringify({ Owner: "www", TTL: "300", RecordType: "A", RData: "93.184.216.34" })
    const contentMd5 = createHash("md5").update(body).digest("base64")
    const path = apiPath("do0000001", ["example.jp", "record"])!
    const signed = sign(
      { method: "POST", path, contentType: "application/json", contentMd5 },
      { accessKey, secretKey },
      0
    )
    const response = await fetch(`${sim.url}${path}`, { method: "POST", headers: signed.headers, body })
    expect(response.status).toBe(200)
    expect(await response.json()).toHaveProperty("RequestId")
    expect(sim.requests[0]?.headers["content-md5"]).toBe(contentMd5)
    expect(sim.requests[0]?.headers["content-type"]).toBe("application/json")
    expect(sim.requests[0]?.authenticated).toBe(true)

    // Dropping the signed Content-MD5 breaks the signature: the server really checks it.
    const again = await fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: { ...signed.headers, "content-type": "application/json" },
      body
    })
    expect(again.status).toBe(200)
    expect(await again.json()).toHaveProperty("Record")

    const { "content-md5": _md5, ...withoutMd5 } = signed.headers
    const tampered = await fetch(`${sim.url}${path}`, { method: "POST", headers: withoutMd5, body })
    expect(tampered.status).toBe(403)
    expect(((await tampered.json()) as any).ErrorResponse.ErrorType).toBe("SignatureDoesNotMatch")
    // Two records were added, none by the tampered request.
    expect(sim.records("example.jp")).toHaveLength(2)
  })
})

describe("zone names", () => {
  it("keeps ASCII names and turns U-labels into A-labels", () => {
    expect(zoneName("example.jp")).toBe("example.jp")
    expect(zoneName("Zone.Example.JP.")).toBe("Zone.Example.JP.")
    expect(zoneName("例え.jp")).toBe("xn--r8jz45g.jp")
    expect(zoneName("😀.jp")).toBe("xn--e28h.jp")
    expect(zoneName("a b例")).toBeUndefined()
    expect(zoneName("xn--zz例.jp")).toBeUndefined()
  })
})
