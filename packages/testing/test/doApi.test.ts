import { connect } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { type DoApiSimulatorHandle, faults, startDoApiSimulator } from "../src/index.js"
import { expireAt, manualClock, signedHeaders } from "./helpers.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
})

const start = async (options: Parameters<typeof startDoApiSimulator>[0] = {}) => {
  const clock = manualClock()
  const sim = await startDoApiSimulator({ now: clock.now, ...options })
  open.push(sim)
  return { sim, clock }
}

interface Call {
  readonly method?: string
  readonly body?: unknown
  readonly expireIn?: number
  readonly accessKey?: string
  readonly secretKey?: string
  readonly tamper?: (headers: Record<string, string>) => void
}

const call = (sim: DoApiSimulatorHandle, now: number, path: string, options: Call = {}) =>
  callAt(sim, sim.serviceCode, now, path, options)

const callAt = async (
  sim: DoApiSimulatorHandle,
  serviceCode: string,
  now: number,
  path: string,
  options: Call = {}
) => {
  const method = options.method ?? "GET"
  const full = `/r/20140601/${serviceCode}/${path}`
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)
  const headers = signedHeaders({
    method,
    path: full,
    accessKey: options.accessKey ?? sim.accessKey,
    secretKey: options.secretKey ?? sim.secretKey,
    expire: expireAt(now + (options.expireIn ?? 300_000)),
    ...(body !== undefined ? { contentType: "application/json" } : {}),
    ...(options.tamper !== undefined ? { tamper: options.tamper } : {})
  })
  const response = await fetch(`${sim.url}${full}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {})
  })
  const text = await response.text()
  return { status: response.status, text, json: text === "" ? undefined : (JSON.parse(text) as any) }
}

describe("DO-API signature", () => {
  it("accepts a correctly signed request and answers with a RequestId", async () => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "zones.json")
    expect(answer.status).toBe(200)
    expect(answer.json.ZoneList).toEqual(["example.jp"])
    expect(answer.json.RequestId).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{8}){4}$/)
  })

  it("answers SignatureDoesNotMatch (403) for a wrong secret", async () => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "zones.json", { secretKey: "wrong" })
    expect(answer.status).toBe(403)
    expect(answer.json.ErrorResponse.ErrorType).toBe("SignatureDoesNotMatch")
    expect(answer.json.ErrorResponse.RequestId).toBeTypeOf("string")
  })

  it("answers SignatureDoesNotMatch when a signed header was changed after signing", async () => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "zones.json", {
      tamper: (h) => {
        h["x-iijapi-expire"] = expireAt(clock.now() + 600_000)
      }
    })
    expect(answer.json.ErrorResponse.ErrorType).toBe("SignatureDoesNotMatch")
  })

  it("answers AuthFailure (401) for an unknown access key", async () => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "zones.json", { accessKey: "NOSUCHKEY" })
    expect(answer.status).toBe(401)
    expect(answer.json.ErrorResponse.ErrorType).toBe("AuthFailure")
  })

  it("answers RequestExpired (400) once the clock passes Expire, not before", async () => {
    const { sim, clock } = await start()
    const now = clock.now()
    const headersAt = (path: string) =>
      signedHeaders({
        method: "GET",
        path,
        accessKey: sim.accessKey,
        secretKey: sim.secretKey,
        expire: expireAt(now + 60_000)
      })
    const path = `/r/20140601/${sim.serviceCode}/zones.json`
    clock.set(now + 60_000)
    expect((await fetch(`${sim.url}${path}`, { headers: headersAt(path) })).status).toBe(200)
    clock.set(now + 61_000)
    const expired = await fetch(`${sim.url}${path}`, { headers: headersAt(path) })
    expect(expired.status).toBe(400)
    expect(((await expired.json()) as any).ErrorResponse.ErrorType).toBe("RequestExpired")
  })

  it.each([
    ["authorization", "Bearer x", "Signature is not valid."],
    ["x-iijapi-signaturemethod", "HmacSHA1", "Signature method is not valid."],
    ["x-iijapi-signatureversion", "1", "Signature version is not valid."],
    ["x-iijapi-expire", "tomorrow", "Expire is not valid."]
  ])("answers BadRequest (400) when %s is %s", async (name, value, message) => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "zones.json", {
      tamper: (h) => {
        h[name] = value
      }
    })
    expect(answer.status).toBe(400)
    expect(answer.json.ErrorResponse).toMatchObject({ ErrorType: "BadRequest", ErrorMessage: message })
  })

  it("answers a status-only 404 for an unknown path or method", async () => {
    const { sim, clock } = await start()
    for (const [path, method] of [
      ["nothing.json", "GET"],
      ["zones.json", "DELETE"],
      ["zones", "GET"]
    ] as const) {
      const answer = await call(sim, clock.now(), path, { method })
      expect(answer).toMatchObject({ status: 404, text: "" })
    }
    const wrongVersion = await fetch(`${sim.url}/r/20990101/${sim.serviceCode}/zones.json`)
    expect(wrongVersion.status).toBe(404)
    expect(await wrongVersion.text()).toBe("")
  })

  it("answers a status-only 505 to HTTP/1.0", async () => {
    const { sim } = await start()
    const { port } = new URL(sim.url)
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => {
        socket.write(`GET /r/20140601/${sim.serviceCode}/zones.json HTTP/1.0\r\nHost: x\r\n\r\n`)
      })
      let data = ""
      socket.on("data", (chunk) => {
        data += chunk.toString()
      })
      socket.on("end", () => resolve(data))
      socket.on("error", reject)
    })
    expect(raw).toMatch(/^HTTP\/1\.1 505 /)
    expect(raw).toMatch(/content-length: 0/i)
  })
})

describe("DO-API records", () => {
  it("adds, lists, gets and deletes records, pending until committed", async () => {
    const { sim, clock } = await start()
    const added = await call(sim, clock.now(), "example.jp/record.json", {
      method: "POST",
      body: { Owner: "www", TTL: "300", RecordType: "A", RData: "198.18.0.10" }
    })
    expect(added.status).toBe(200)
    expect(added.json.RequestId).toBeTypeOf("string")
    expect(added.json.Record).toMatchObject({ Status: "ADDING", Owner: "www", TTL: "300", RecordType: "A" })
    const id = added.json.Record.Id as string

    const got = await call(sim, clock.now(), `example.jp/record/${id}.json`)
    expect(got.json.Record.Id).toBe(id)

    const committed = await call(sim, clock.now(), "commit.json", { method: "PUT" })
    expect(committed).toMatchObject({ status: 200, json: { RequestId: expect.any(String) } })
    const listed = await call(sim, clock.now(), "example.jp/records/DETAIL.json")
    expect(listed.json.RecordList).toEqual([expect.objectContaining({ Id: id, Status: "UNCHANGED" })])

    const deleted = await call(sim, clock.now(), `example.jp/record/${id}.json`, { method: "DELETE" })
    expect(deleted.json).toEqual({ RequestId: expect.any(String) })
    expect((await call(sim, clock.now(), "example.jp/records/DETAIL.json")).json.RecordList[0].Status).toBe(
      "DELETING"
    )
    await call(sim, clock.now(), "commit.json", { method: "PUT" })
    expect((await call(sim, clock.now(), "example.jp/records/DETAIL.json")).json.RecordList).toEqual([])
    const gone = await call(sim, clock.now(), `example.jp/record/${id}.json`)
    expect(gone).toMatchObject({ status: 200, json: { ErrorResponse: { ErrorType: "ResourceNotExist" } } })
  })

  it("answers ResourceNotExist (200) for an unknown zone", async () => {
    const { sim, clock } = await start()
    const answer = await call(sim, clock.now(), "nope.example/records/DETAIL.json")
    expect(answer).toMatchObject({ status: 200, json: { ErrorResponse: { ErrorType: "ResourceNotExist" } } })
  })

  it("answers RequestRunning (200) to changes and commits while a commit runs", async () => {
    const { sim, clock } = await start({ commitMillis: 10_000 })
    const txt = { Owner: "_dnsauth", TTL: "300", RecordType: "TXT", RData: '"token-1"' }
    await call(sim, clock.now(), "example.jp/record.json", { method: "POST", body: txt })
    expect((await call(sim, clock.now(), "commit.json", { method: "PUT" })).status).toBe(200)

    clock.advance(9_999)
    for (const attempt of [
      call(sim, clock.now(), "commit.json", { method: "PUT" }),
      call(sim, clock.now(), "example.jp/record.json", { method: "POST", body: txt }),
      call(sim, clock.now(), "example.jp/record/1.json", { method: "DELETE" })
    ]) {
      const answer = await attempt
      expect(answer.status).toBe(200)
      expect(answer.json.ErrorResponse).toMatchObject({
        ErrorType: "RequestRunning",
        RequestId: expect.any(String)
      })
    }
    // Reads go on during a commit.
    expect((await call(sim, clock.now(), "zones.json")).status).toBe(200)
    expect(sim.resolveTxt("_dnsauth.example.jp")).toEqual([])

    clock.advance(1)
    expect(sim.resolveTxt("_dnsauth.example.jp")).toEqual(["token-1"])
    const after = await call(sim, clock.now(), "example.jp/record.json", { method: "POST", body: txt })
    expect(after.json.Record.Status).toBe("ADDING")
  })

  it("resolveTxt sees committed TXT records only, at their full name", async () => {
    const { sim, clock } = await start({ zones: ["example.jp", "shop.example.com"] })
    for (const [zone, owner, rdata] of [
      ["example.jp", "@", "apex-value"],
      ["example.jp", "_dnsauth.www", '"quoted" "parts"'],
      ["shop.example.com", "shop.example.com.", "fqdn-owner"]
    ] as const) {
      await call(sim, clock.now(), `${zone}/record.json`, {
        method: "POST",
        body: { Owner: owner, TTL: "300", RecordType: "TXT", RData: rdata }
      })
    }
    expect(sim.resolveTxt("example.jp")).toEqual([])
    await call(sim, clock.now(), "commit.json", { method: "PUT" })
    expect(sim.resolveTxt("example.jp")).toEqual(["apex-value"])
    expect(sim.resolveTxt("_dnsauth.www.example.jp.")).toEqual(["quotedparts"])
    expect(sim.resolveTxt("SHOP.example.com")).toEqual(["fqdn-owner"])
    expect(sim.resolveTxt("other.example.jp")).toEqual([])
  })

  it("answers RecordValidateError with an ErrorList for invalid records", async () => {
    const { sim, clock } = await start()
    const cases = [
      [{ Owner: "www", TTL: "28800", RecordType: "A", RData: "192.0.2.1" }, "RESERVED_V4ADDRESS"],
      [{ Owner: "www", TTL: "300", RecordType: "A", RData: "300.1.1.1" }, "INVALID_V4ADDRESS"],
      [{ Owner: "www", TTL: "301", RecordType: "A", RData: "198.18.0.1" }, "INVALID_TTL"],
      [{ Owner: "bad owner!", TTL: "300", RecordType: "TXT", RData: "x" }, "INVALID_OWNER"],
      [{ Owner: "www.other.jp.", TTL: "300", RecordType: "TXT", RData: "x" }, "INVALID_OWNER"],
      [{ Owner: "v6", TTL: "300", RecordType: "AAAA", RData: "2001:db8::1" }, "RESERVED_V6ADDRESS"]
    ] as const
    for (const [record, code] of cases) {
      const answer = await call(sim, clock.now(), "example.jp/record.json", { method: "POST", body: record })
      expect(answer.status).toBe(200)
      expect(answer.json.ErrorResponse.ErrorType).toBe("RecordValidateError")
      expect(answer.json.ErrorResponse.ErrorDetail.ErrorList).toContainEqual({
        Line: `${record.Owner} ${record.TTL} IN ${record.RecordType.padEnd(5)} ${record.RData}\n`,
        ErrorCode: code
      })
    }
    expect(sim.records("example.jp")).toEqual([])
  })

  it("answers ParameterError (400) for a body that is not a record", async () => {
    const { sim, clock } = await start()
    const missing = await call(sim, clock.now(), "example.jp/record.json", {
      method: "POST",
      body: { Owner: "www" }
    })
    expect(missing).toMatchObject({ status: 400, json: { ErrorResponse: { ErrorType: "ParameterError" } } })
    const path = `/r/20140601/${sim.serviceCode}/example.jp/record.json`
    const duplicated = await fetch(`${sim.url}${path}`, {
      method: "POST",
      headers: signedHeaders({
        method: "POST",
        path,
        accessKey: sim.accessKey,
        secretKey: sim.secretKey,
        expire: expireAt(clock.now() + 60_000),
        contentType: "application/json"
      }),
      body: '{"Owner":"www","Owner":"ftp","TTL":"300","RecordType":"TXT","RData":"x"}'
    })
    expect(((await duplicated.json()) as any).ErrorResponse.ErrorMessage).toBe("Duplicated parameter found.")
  })

  it("defaults TTL to 28800 and drops an undone addition on delete", async () => {
    const { sim, clock } = await start()
    const added = await call(sim, clock.now(), "example.jp/record.json", {
      method: "POST",
      body: { Owner: "alias", RecordType: "CNAME", RData: "www.example.jp." }
    })
    expect(added.json.Record).toMatchObject({ TTL: "28800", RData: "www.example.jp" })
    await call(sim, clock.now(), `example.jp/record/${added.json.Record.Id}.json`, { method: "DELETE" })
    expect(sim.records("example.jp")).toEqual([])
  })

  it("records every request with the Authorization value redacted", async () => {
    const { sim, clock } = await start()
    await call(sim, clock.now(), "zones.json")
    expect(sim.requests).toHaveLength(1)
    expect(sim.requests[0]).toMatchObject({
      method: "GET",
      path: `/r/20140601/${sim.serviceCode}/zones.json`,
      body: ""
    })
    expect(sim.requests[0]!.headers.authorization).toBe("[redacted]")
    expect(JSON.stringify(sim.requests)).not.toContain(sim.accessKey)
  })
})

describe("DO-API: authenticated requests and several service codes", () => {
  it("records whether each request carried a valid, unexpired signature, faulted ones included", async () => {
    const { sim, clock } = await start()
    await call(sim, clock.now(), "zones.json")
    await call(sim, clock.now(), "zones.json", { secretKey: "wrong" })
    await call(sim, clock.now(), "zones.json", { expireIn: -1000 })
    sim.inject(faults.error("Timeout"))
    await call(sim, clock.now(), "zones.json")
    sim.inject(faults.error("Timeout"))
    await call(sim, clock.now(), "zones.json", { accessKey: "unknown" })
    expect(sim.requests.map((r) => r.authenticated)).toEqual([true, false, false, true, false])
  })

  it("serves otherServices with their own zones, records and commits", async () => {
    const { sim, clock } = await start({
      commitMillis: 1000,
      otherServices: [{ serviceCode: "do00000002", zones: ["example.net"] }]
    })
    const other = (path: string, options: Call = {}) => callAt(sim, "do00000002", clock.now(), path, options)
    expect((await other("zones.json")).json.ZoneList).toEqual(["example.net"])
    // A zone of one service is unknown under the other.
    expect((await other("example.jp/records/DETAIL.json")).json.ErrorResponse.ErrorType).toBe(
      "ResourceNotExist"
    )
    const txt = { Owner: "_dnsauth", TTL: "300", RecordType: "TXT", RData: '"token-2"' }
    expect((await other("example.net/record.json", { method: "POST", body: txt })).status).toBe(200)
    expect((await other("commit.json", { method: "PUT" })).json.RequestId).toBeDefined()
    // A commit runs per service: the first service can still change its records meanwhile.
    const first = await call(sim, clock.now(), "example.jp/record.json", {
      method: "POST",
      body: { ...txt, RData: '"token-1"' }
    })
    expect(first.json.Record).toBeDefined()
    expect((await other("commit.json", { method: "PUT" })).json.ErrorResponse.ErrorType).toBe(
      "RequestRunning"
    )
    expect(sim.resolveTxt("_dnsauth.example.net")).toEqual([])
    clock.advance(1000)
    expect(sim.resolveTxt("_dnsauth.example.net")).toEqual(["token-2"])
    expect(sim.resolveTxt("_dnsauth.example.jp")).toEqual([])
    expect(sim.records("example.net")).toHaveLength(1)
  })
})
