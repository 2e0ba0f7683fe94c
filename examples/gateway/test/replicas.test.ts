// The gateway as replicas on one Redis (REDIS_URL): one order for the same request sent to two
// replicas at once, and an order left by a replica killed mid-request resumed by another; over real
// HTTP, a real redis-server and the simulators.
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { faults, makeCsr, type RedisServerHandle, startRedisServer } from "@faultline/testing"
import * as Redacted from "effect/Redacted"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { frameworks, type RunningGateway, startGateway } from "../src/gateway.js"
import { settingsWith } from "../src/settings.js"
import { type Simulators, doApiOf, dpfOf, startSimulators } from "../src/simulators.js"
import { testSettings } from "./settings.js"

// The DO-API options of a DO-API run (the replicas publish on DO-API).
const doApiOptions = (sims: Simulators) => {
  if (sims.upstreams.doApi === undefined) throw new Error("not a DO-API run")
  return sims.upstreams.doApi
}

let redis: RedisServerHandle
// One CSR per test: the ledger in Redis outlives a test, and the same request would find its order.
let shop = ""
let www = ""
beforeAll(async () => {
  redis = await startRedisServer()
  shop = await makeCsr("shop.example.jp")
  www = await makeCsr("www.example.jp")
})
afterAll(async () => {
  await redis?.close()
})

let simulators: Simulators | undefined
// Simulators beside `simulators` (another DNS service), closed after each test too.
const others: Array<Simulators> = []
const gateways: Array<RunningGateway> = []
const children: Array<ChildProcess> = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL")
  await Promise.all(gateways.splice(0).map((g) => g.close()))
  await simulators?.close()
  await Promise.all(others.splice(0).map((s) => s.close()))
})

const replica = async (sims: Simulators) => {
  const gateway = await startGateway({
    framework: "express",
    upstreams: sims.upstreams,
    settings: settingsWith({ ...testSettings, redisUrl: redis.url, lockTtl: "2 seconds" })
  })
  gateways.push(gateway)
  return gateway
}

const post = (gateway: { url: string }, body: unknown) =>
  fetch(`${gateway.url}/certificates`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body)
  })

/** `node dist/main.js` on the simulators and the Redis, as a separate process; resolves to its URL. */
const replicaProcess = (sims: Simulators): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const main = fileURLToPath(new URL("../dist/main.js", import.meta.url))
    const child = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: "0",
        REDIS_URL: redis.url,
        LOCK_TTL: "2 seconds",
        CERTCENTRAL_API_KEY: Redacted.value(sims.upstreams.certCentral.apiKey),
        CERTCENTRAL_BASE_URL: sims.certCentral.url,
        DOAPI_ACCESS_KEY: Redacted.value(doApiOptions(sims).accessKey),
        DOAPI_SECRET_KEY: Redacted.value(doApiOptions(sims).secretKey),
        DOAPI_SERVICE_CODE: doApiOptions(sims).serviceCode,
        DOAPI_BASE_URL: doApiOf(sims).url
      },
      stdio: ["ignore", "pipe", "pipe"]
    })
    children.push(child)
    let output = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1] !== undefined) resolve({ url: match[1], child })
    })
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("exit", (code) => reject(new Error(`gateway exited (${code}): ${output}`)))
  })

describe("the gateway as replicas on one Redis", () => {
  it("the same request sent to two replicas at the same moment places one order", async () => {
    simulators = await startSimulators()
    const [a, b] = await Promise.all([replica(simulators), replica(simulators)])
    const request = { commonName: "shop.example.jp", csr: shop }
    const answers = await Promise.all([post(a, request), post(b, request)])
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as Array<{ id: number; status: string }>
    expect(answers.map((r) => r.status)).toEqual([201, 201])
    expect(bodies[0]?.id).toBe(bodies[1]?.id)
    expect(simulators.certCentral.orders()).toHaveLength(1)
    // One TXT record published and one commit, whichever replica did the work.
    expect(
      doApiOf(simulators).requests.filter((r) => r.method === "POST" && r.path.endsWith("/record.json"))
    ).toHaveLength(1)
  })

  it("a replica killed after ordering leaves an order that the next request, on another replica, resumes", async () => {
    simulators = await startSimulators()
    const sims = simulators
    const doomed = await replicaProcess(sims)
    // The TXT add never answers: the doomed replica is stuck after its order, holding the lock.
    doApiOf(sims).inject(faults.hang(), { method: "POST", path: /\/record\.json$/ })
    const request = { commonName: "www.example.jp", csr: www }
    const stuck = post(doomed, request).catch(() => undefined)
    for (let i = 0; i < 2000 && doApiOf(sims).hanging === 0; i++) await new Promise((r) => setTimeout(r, 5))
    expect(sims.certCentral.orders()).toHaveLength(1)
    doomed.child.kill("SIGKILL")
    await stuck
    // Another replica takes the request once the dead one's lock expired, and goes on from the
    // ledger: the same order, its TXT looked for (the lost add may have landed), then added.
    const next = await replica(sims)
    const answer = await post(next, request)
    const body = (await answer.json()) as { id: number; status: string }
    expect(answer.status).toBe(201)
    expect(body.id).toBe(sims.certCentral.orders()[0]?.id)
    expect(sims.certCentral.orders()).toHaveLength(1)
  })

  it.each(frameworks)(
    "an order resumed on a %s replica that no longer finds its DPF zone is answered 409 with the order's id, and no zone is changed",
    async (framework) => {
      simulators = await startSimulators({ dns: "dpf" })
      const sims = simulators
      const dpfReplica = (upstreams: Simulators["upstreams"]) =>
        startGateway({
          framework,
          upstreams,
          settings: settingsWith({ ...testSettings, dns: "dpf", redisUrl: redis.url, lockTtl: "2 seconds" })
        }).then((gateway) => {
          gateways.push(gateway)
          return gateway
        })
      // The first replica orders, then DPF-API refuses its TXT add: the order is in the ledger with
      // its zone, the record not published.
      const first = await dpfReplica(sims.upstreams)
      dpfOf(sims).inject(faults.error("ParameterError:invalid:rdata"), { method: "POST", path: /\/records$/ })
      const request = { commonName: "api.example.jp", csr: await makeCsr("api.example.jp") }
      expect((await post(first, request)).status).toBeGreaterThanOrEqual(400)
      const orderId = sims.certCentral.orders()[0]?.id
      expect(orderId).toBeTypeOf("number")
      // Another replica resumes it against a DNS service whose zones no longer hold example.jp.
      const moved = await startSimulators({ dns: "dpf", zones: ["example.com"] })
      others.push(moved)
      const next = await dpfReplica({ ...sims.upstreams, dpf: moved.upstreams.dpf })
      const answer = await post(next, request)
      expect(answer.status).toBe(409)
      expect(answer.headers.get("content-type")).toMatch(/^application\/problem\+json/)
      const body = (await answer.json()) as Record<string, unknown>
      expect(body).toMatchObject({ status: 409, code: "conflict", orderId })
      expect(body.upstream).toBeUndefined()
      // Our own finding: the zones were listed, nothing was sent to change one, no second order.
      expect(dpfOf(moved).requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        expect.stringMatching(/^GET .*\/zones/)
      ])
      expect(sims.certCentral.orders()).toHaveLength(1)
    }
  )
})
