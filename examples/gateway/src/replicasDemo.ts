// `pnpm demo --replicas N`: N gateway processes on one Redis and one pair of simulators. The same
// request is sent to every replica at the same moment (one order), then distinct requests are spread
// over them (each ordered once, within one CertCentral budget). Each replica is this same script,
// started again with FAULTLINE_REPLICA set.
import { spawn } from "node:child_process"
import { makeCsr, startRedisServer } from "@faultline/testing"
import * as Redacted from "effect/Redacted"
import { startGateway } from "./gateway.js"
import { settingsWith } from "./settings.js"
import { doApiOf, startSimulators } from "./simulators.js"

const replicaEnv = "FAULTLINE_REPLICA"

/** In a replica: the Express gateway on the upstreams and Redis of the environment. */
export const runReplica = async (): Promise<void> => {
  const env = JSON.parse(process.env[replicaEnv] ?? "{}")
  const gateway = await startGateway({
    framework: "express",
    upstreams: {
      certCentral: { apiKey: Redacted.make(env.certCentralKey), baseUrl: env.certCentralUrl },
      doApi: {
        accessKey: Redacted.make(env.doApiAccessKey),
        secretKey: Redacted.make(env.doApiSecretKey),
        serviceCode: env.doApiServiceCode,
        baseUrl: env.doApiUrl
      }
    },
    settings: settingsWith({
      dcv: { checks: 4, interval: "250 millis" },
      reconcileSettle: "100 millis",
      redisUrl: env.redisUrl,
      log: () => {}
    })
  })
  process.stdout.write(`${gateway.url}\n`)
  process.once("SIGTERM", () => {
    gateway.close().finally(() => process.exit(0))
  })
}

export const isReplica = (): boolean => process.env[replicaEnv] !== undefined

const startReplica = (env: Record<string, string>): Promise<{ url: string; stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [process.argv[1] ?? ""], {
      env: { ...process.env, [replicaEnv]: JSON.stringify(env) },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const url = /http:\/\/\S+/.exec(out)?.[0]
      if (url !== undefined) resolve({ url, stop: () => child.kill("SIGTERM") })
    })
    child.once("exit", (code) => reject(new Error(`replica exited with ${code}`)))
  })

export const replicasDemo = async (count: number): Promise<number> => {
  const redis = await startRedisServer({ persist: false })
  const simulators = await startSimulators()
  const doApi = doApiOf(simulators)
  const replicas: Array<{ url: string; stop: () => void }> = []
  try {
    const env = {
      certCentralKey: simulators.certCentral.apiKey,
      certCentralUrl: simulators.certCentral.url,
      doApiAccessKey: doApi.accessKey,
      doApiSecretKey: doApi.secretKey,
      doApiServiceCode: doApi.serviceCode,
      doApiUrl: doApi.url,
      redisUrl: redis.url
    }
    replicas.push(...(await Promise.all(Array.from({ length: count }, () => startReplica(env)))))
    console.log(`${count} gateway replicas on ${redis.url}: ${replicas.map((r) => r.url).join(" ")}`)
    const post = (url: string, commonName: string, csr: string) =>
      fetch(`${url}/certificates`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ commonName, csr })
      }).then(async (r) => ({ status: r.status, id: ((await r.json()) as { id?: number }).id }))

    const shop = await makeCsr("shop.example.jp")
    const same = await Promise.all(replicas.map((r) => post(r.url, "shop.example.jp", shop)))
    console.log(
      `the same request to all ${count} at once: ${same.map((a) => `${a.status} order ${a.id}`).join(", ")}; orders placed: ${simulators.certCentral.orders().length}`
    )
    const names = Array.from({ length: 3 * count }, (_, i) => `host${i + 1}.example.jp`)
    const csrs = await Promise.all(names.map((name) => makeCsr(name)))
    const distinct = await Promise.all(
      names.map((name, i) => post(replicas[i % count]?.url ?? "", name, csrs[i] ?? ""))
    )
    const ok = distinct.filter((a) => a.status === 201).length
    console.log(
      `${names.length} distinct requests spread over the replicas: ${ok} answered 201; orders placed in all: ${simulators.certCentral.orders().length} (expected ${names.length + 1})`
    )
    return simulators.certCentral.orders().length === names.length + 1 && ok === names.length ? 0 : 1
  } finally {
    for (const replica of replicas) replica.stop()
    await simulators.close()
    await redis.close()
  }
}
