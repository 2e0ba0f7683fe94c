// The scale benchmark: N = 1, 3 and 6 processes on one API key against the CertCentral simulator,
// whose rolling windows are exact and scaled down; each process drives concurrent orders for a
// bounded time, over the Redis-shared budget and, beside it, over in-memory limiters. Loopback only.
// Writes its table into BENCHMARKS.md (between the `replicas` markers) with machine and versions.
import { execFileSync, spawn } from "node:child_process"
import { randomUUID } from "node:crypto"
import { fileURLToPath } from "node:url"
import { makeCsr, startCertCentralSimulator, startRedisServer } from "@faultline/testing"
import { machine, version, writeSection } from "./report.mjs"

const concurrency = 20
// The order custom field holding each call's own reference (see replica.mjs).
const referenceField = 1
// DigiCert's 100 / 5 s and 1000 / 3 min, scaled down: 100 / 1 s and 600 / 12 s, so the long window
// binds after 6 s and rolls over within the run.
const scenarios = [
  { name: "100 / 1 s", windows: [{ limit: 100, windowMillis: 1_000 }], durationMs: 8_000 },
  {
    name: "100 / 1 s and 600 / 12 s",
    windows: [
      { limit: 100, windowMillis: 1_000 },
      { limit: 600, windowMillis: 12_000 }
    ],
    durationMs: 16_000
  }
]
// `--replicas=6 --modes=redis --scenarios=0 --no-write`: a part of the run, not written to BENCHMARKS.md.
const arg = (name) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.split("=")[1]
    ?.split(",")
const replicaCounts = (arg("replicas") ?? ["1", "3", "6"]).map(Number)
const modes = arg("modes") ?? ["redis", "memory"]
const chosen = (arg("scenarios") ?? scenarios.map((_, i) => String(i))).map((i) => scenarios[Number(i)])
const write =
  !process.argv.includes("--no-write") &&
  arg("replicas") === undefined &&
  arg("modes") === undefined &&
  arg("scenarios") === undefined

/**
 * The most requests any client could have had accepted in a span of `durationMs` ([0, durationMs),
 * whole milliseconds): sending the instant each window allows, answered at once.
 */
const perfect = (windows, durationMs) => {
  const sent = new Array(durationMs).fill(0)
  const prefix = new Array(durationMs + 1).fill(0)
  let total = 0
  for (let t = 0; t < durationMs; t++) {
    let room = Number.POSITIVE_INFINITY
    for (const w of windows) {
      const from = Math.max(0, t - w.windowMillis + 1)
      room = Math.min(room, w.limit - (prefix[t] - prefix[from]))
    }
    sent[t] = Math.max(0, room)
    total += sent[t]
    prefix[t + 1] = prefix[t] + sent[t]
  }
  return total
}

/** Scripts run by redis-server so far (`INFO commandstats`), or `undefined` without `redis-cli`. */
const redisCalls = (redis) => {
  try {
    const stats = execFileSync("redis-cli", ["-p", String(redis.port), "INFO", "commandstats"]).toString()
    return [...stats.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0)
  } catch {
    return undefined
  }
}

const duplicatesOf = (orders) => {
  const seen = new Map()
  for (const order of orders) {
    const reference = order.customFields.find((f) => f.metadata_id === referenceField)?.value ?? ""
    seen.set(reference, (seen.get(reference) ?? 0) + 1)
  }
  return [...seen.values()].reduce((n, count) => n + count - 1, 0)
}

const percentile = (values, p) => {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Starts `count` replicas; once all are ready, gives them one start time; resolves to their results. */
const runReplicas = (count, job) =>
  new Promise((resolve, reject) => {
    const results = []
    let ready = 0
    let startAt = 0
    const children = Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [fileURLToPath(new URL("replica.mjs", import.meta.url))], {
        env: { ...process.env, BENCH_JOB: JSON.stringify(job) },
        stdio: ["pipe", "pipe", "inherit"]
      })
      let out = ""
      child.stdout.on("data", (chunk) => {
        const before = out
        out += chunk
        if (!before.includes("ready\n") && out.includes("ready\n") && ++ready === count) {
          startAt = Date.now() + 500
          for (const c of children) c.stdin.write(`${startAt}\n`)
        }
      })
      child.once("exit", (code) => {
        const line = out.trim().split("\n").pop() ?? ""
        if (code !== 0 || !line.startsWith("{")) return reject(new Error(`replica exited with ${code}`))
        results.push(JSON.parse(line))
        if (results.length === count) resolve({ startAt, results })
      })
      return child
    })
  })

const runOne = async ({ scenario, replicas, mode, redis, csr }) => {
  const apiKey = `bench-${randomUUID()}`
  const sim = await startCertCentralSimulator({ apiKeys: [apiKey], rateLimits: scenario.windows })
  try {
    const job = {
      url: sim.url,
      apiKey,
      csr,
      redisUrl: mode === "redis" ? redis.url : null,
      windows: scenario.windows.map((w) => ({ limit: w.limit, window: w.windowMillis })),
      concurrency,
      durationMs: scenario.durationMs,
      referenceField
    }
    const storeCalls = () => redisCalls(redis)
    const callsBefore = storeCalls()
    const { startAt, results } = await runReplicas(replicas, job)
    const callsAfter = storeCalls()
    const calls = results.flatMap((r) => r.calls)
    const answers = results.reduce((n, r) => n + r.answers, 0)
    const tooMany = results.reduce((n, r) => n + r.tooMany, 0)
    const ok = calls.filter((c) => c.ok)
    const deadline = startAt + scenario.durationMs
    // Accepted within the span: orders the simulator created by the deadline. Its orders carry the
    // DCV random value's expiry in epoch ms, set at creation to 30 days ahead (its `randomValueLifetime`).
    const createdAt = (order) => order.dcvRandomValueExpires - 30 * 86_400_000
    const accepted = sim.orders().filter((o) => createdAt(o) >= startAt && createdAt(o) < deadline).length
    const best = perfect(scenario.windows, scenario.durationMs)
    return {
      scenario: scenario.name,
      replicas,
      mode,
      answers,
      tooMany,
      accepted,
      best,
      lost: calls.length - ok.length,
      lostAs: [...new Set(calls.filter((c) => !c.ok).map((c) => c.failure))].join(", "),
      // Orders placed more than once for one call (one reference).
      duplicates: duplicatesOf(sim.orders()),
      orders: sim.orders().length,
      p99: percentile(
        calls.map((c) => c.ended - c.started),
        99
      ),
      // The limiter's wait: from the call to its first send.
      p99Wait: percentile(
        calls.filter((c) => c.sent !== undefined).map((c) => c.sent - c.started),
        99
      ),
      storeCalls:
        mode === "redis" && callsBefore !== undefined && callsAfter !== undefined
          ? callsAfter - callsBefore
          : undefined,
      requests: calls.length
    }
  } finally {
    await sim.close()
  }
}

const main = async () => {
  const redis = await startRedisServer()
  const csr = await makeCsr("bench.example.jp")
  const rows = []
  try {
    for (const scenario of chosen) {
      for (const replicas of replicaCounts) {
        for (const mode of modes) {
          const row = await runOne({ scenario, replicas, mode, redis, csr })
          console.log(JSON.stringify(row))
          rows.push(row)
        }
      }
    }
  } finally {
    await redis.close()
  }
  const pct = (n, d) => (d === 0 ? "0%" : `${((100 * n) / d).toFixed(n === 0 ? 0 : 2)}%`)
  const redisVersion = execFileSync("redis-server", ["--version"]).toString().trim().split(" ")[2] ?? "?"
  const table = [
    "| windows (simulator, exact) | processes | limiter | requests answered | answered 429 | accepted in the span / most possible | lost calls | duplicate orders | p99 wait | p99 call time | Redis scripts per call |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.replicas} | ${r.mode === "redis" ? "Redis, shared" : "in memory, each"} | ${r.answers} | ${r.tooMany} (${pct(r.tooMany, r.answers)}) | ${r.accepted} / ${r.best} (${pct(r.accepted, r.best)}) | ${r.lost}${r.lost > 0 ? ` (${r.lostAs})` : ""} | ${r.duplicates} | ${(r.p99Wait / 1000).toFixed(2)} s | ${(r.p99 / 1000).toFixed(2)} s | ${r.storeCalls === undefined ? "" : (r.storeCalls / Math.max(1, r.requests)).toFixed(1)} |`
    )
  ].join("\n")
  const section = `## Replicas on one API key (\`benchmarks/replicas.mjs\`)

CertCentral's simulator with exact rolling windows, DigiCert's 100 / 5 s and 1000 / 3 min scaled
down to 100 / 1 s (8 s runs) and 100 / 1 s with 600 / 12 s (16 s runs: the long window binds after
6 s and rolls over at 12 s). Each process builds the CertCentral client as an app does (default
retry) and, once every process is up, runs ${concurrency} order loops (\`submitOrder\`) from one
common start until the deadline; calls still running then finish. "Accepted / most possible": orders the simulator created between the start and the deadline,
against what a perfect client (sending the instant each window allows, answered at once) could have
had accepted in the same span. "Lost": calls that ended in a failure. "Duplicate orders": orders the simulator holds
beyond one per call (each call sends its own reference in a custom field). "p99 wait": from a call to its first send (the limiter's wait; with
${concurrency} loops per process on a budget they saturate, most of it is the queue). "Redis scripts per call":
the limiter's reserve, settle and release scripts redis-server ran, per call. Measured ${new Date().toISOString().slice(0, 10)}.

Machine: ${machine()};
effect ${version("effect")}, @effect/platform-node ${version("@effect/platform-node")}, redis (client) ${version("redis")},
redis-server ${redisVersion.replace("v=", "")}.

${table}`
  if (write) writeSection("replicas", section)
  console.log(`\n${section}\n\n${write ? "written to BENCHMARKS.md" : "not written (a part of the run)"}`)
}

await main()
