import { spawn, execFileSync } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import { makeCsr, startCertCentralSimulator, startRedisServer } from "@faultline/testing"
const [replicas, mode, scen] = [Number(process.argv[2] ?? 6), process.argv[3] ?? "redis", process.argv[4] ?? "short"]
const windows = scen === "short" ? [{ limit: 100, windowMillis: 1000 }] : [{ limit: 100, windowMillis: 1000 }, { limit: 600, windowMillis: 12000 }]
const durationMs = scen === "short" ? 8000 : 16000
const redis = await startRedisServer()
const csr = await makeCsr("bench.example.jp")
const apiKey = `bench-${randomUUID()}`
const arrivals = []
const simRef = {}
const sim = await startCertCentralSimulator({ apiKeys: [apiKey], rateLimits: windows, now: () => { const t = performance.timeOrigin + performance.now(); arrivals.push({ t, n: simRef.sim?.requests.length ?? 0 }); return Math.floor(t) } })
simRef.sim = sim
const job = { url: sim.url, apiKey, csr, redisUrl: mode === "redis" ? redis.url : null, windows: windows.map((w) => ({ limit: w.limit, window: w.windowMillis })), concurrency: 20, durationMs }
const results = []
let ready = 0, startAt = 0
await new Promise((resolve, reject) => {
  const children = Array.from({ length: replicas }, () => {
    const child = spawn(process.execPath, [...(process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/limprof"] : []), fileURLToPath(new URL(process.env.REPLICA ?? "replica.mjs", import.meta.url))], { env: { ...process.env, BENCH_JOB: JSON.stringify(job) }, stdio: ["pipe", "pipe", "inherit"] })
    let out = ""
    child.stdout.on("data", (c) => { const b = out; out += c; if (!b.includes("ready\n") && out.includes("ready\n") && ++ready === replicas) { startAt = Date.now() + 500; for (const x of children) x.stdin.write(`${startAt}\n`) } })
    child.once("exit", (code) => { const line = out.trim().split("\n").pop(); if (code !== 0) return reject(new Error("exit " + code)); results.push(JSON.parse(line)); if (results.length === replicas) resolve() })
    return child
  })
})
const stats = execFileSync("redis-cli", ["-p", String(redis.port), "INFO", "commandstats"]).toString()
await sim.close(); await redis.close()
const deadline = startAt + durationMs
const attempts = results.flatMap((r) => r.attempts).filter((a) => a.sent >= startAt && a.sent < deadline)
const lat = attempts.map((a) => a.answered - a.sent).sort((a, b) => a - b)
const q = (xs, p) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const createdAt = (o) => o.dcvRandomValueExpires - 30 * 86_400_000
const accepted = sim.orders().filter((o) => createdAt(o) >= startAt && createdAt(o) < deadline).length
// arrivals per 1 s window, in 250 ms steps
const firstAt = new Map()
for (const a of arrivals) if (!firstAt.has(a.n)) firstAt.set(a.n, a.t)
const arrivalOf = new Map()
sim.requests.forEach((r, i) => { const id = r.headers["x-bench-id"]; if (firstAt.has(i + 1)) arrivalOf.set(id, firstAt.get(i + 1)) })
const hand = attempts.filter((a) => arrivalOf.has(a.id)).map((a) => arrivalOf.get(a.id) - a.sent).sort((a, b) => a - b)
const back = attempts.filter((a) => arrivalOf.has(a.id)).map((a) => a.answered - arrivalOf.get(a.id)).sort((a, b) => a - b)
console.log("handoff send->arrival", JSON.stringify({ n: hand.length, p50: q(hand, 0.5), p90: q(hand, 0.9), p99: q(hand, 0.99), max: hand.at(-1), min: hand[0] }))
console.log("arrival->answer", JSON.stringify({ p50: q(back, 0.5), p90: q(back, 0.9), p99: q(back, 0.99), max: back.at(-1) }))
const arr = [...arrivalOf.values()].filter((t) => t >= startAt && t < deadline)
const perWindow = []
for (let t = startAt + 1000; t <= deadline; t += 500) perWindow.push(arr.filter((x) => x > t - 1000 && x <= t).length)
console.log(JSON.stringify({ cpu: results.map((r) => Math.round((r.cpu.user + r.cpu.system) / 1000)), simCpu: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000), replicas, mode, scen, accepted, tooMany: results.flatMap((r) => r.attempts).filter((a) => a.status === 429).length, attempts: attempts.length, latency: { p50: q(lat, 0.5), p90: q(lat, 0.9), p99: q(lat, 0.99), mean: lat.reduce((a, b) => a + b, 0) / lat.length }, perWindow }))
console.log(stats.split("\n").filter((l) => /evalsha|cmdstat_eval/.test(l)).join("\n"))
