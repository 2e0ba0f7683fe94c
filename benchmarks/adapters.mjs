// The adapter benchmark: each adapter path (B) against a bare app doing the same job by hand (A),
// under autocannon over loopback. Every server runs in its own child process
// (benchmarks/adapter-server.mjs), so the load generator (this process) does not share its event
// loop. Per comparison, after a warm-up of both, rounds alternate A and B (which goes first
// alternates too); a side's figure is the median of its rounds' requests per second, the ratio is
// median(B) / median(A), and the spread is the range of the rounds' paired ratios. Writes its table
// into BENCHMARKS.md (between the `adapters` markers) with machine and versions.
//
// BENCH_ROUNDS (default 5), BENCH_SECONDS per measurement (default 2), BENCH_CONNECTIONS (default 16),
// BENCH_ONLY (a substring of the comparisons to run; the section is then not written),
// BENCH_CPU_PROF=<dir> (the servers run with --cpu-prof into that folder).
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import { machine, version, writeSection } from "./report.mjs"

const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const seconds = Number(process.env.BENCH_SECONDS ?? 2)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16)
const only = process.env.BENCH_ONLY
const profileDir = process.env.BENCH_CPU_PROF

// Each comparison: [kind, path] of A and of B (kinds: benchmarks/adapter-server.mjs), and its target.
const nestFailure = (platform, log) => ({
  name: `Nest on platform-${platform}: \`FaultlineModule\` ${log ? "with the default log line" : "(app's `onFailure`, no log line)"} / bare app with a static 502 filter`,
  a: [`nest-${platform}-bare`, "/fail"],
  b: [`nest-${platform}-faultline${log ? "-log" : ""}`, "/fail"],
  target: 0.9
})
const nestEffect = (platform) => ({
  name: `Nest on platform-${platform}: a controller returning an Effect / returning the value (bare app)`,
  a: [`nest-${platform}-bare`, "/plain"],
  b: [`nest-${platform}-faultline`, "/effect"],
  target: 0.85
})
const comparisons = [
  {
    name: "Express: `upstreamErrorHandler` / a hand-written 502 handler, both throwing a fresh decoded failure",
    a: ["express-bare", "/fail"],
    b: ["express-faultline", "/fail"],
    target: 0.97
  },
  {
    name: "Express: `effectHandler` / a plain async handler",
    a: ["express-bare", "/plain"],
    b: ["express-faultline", "/effect"],
    target: 0.9
  },
  ...["express", "fastify"].flatMap((platform) => [
    nestFailure(platform, false),
    nestFailure(platform, true)
  ]),
  nestEffect("express"),
  nestEffect("fastify")
].filter((c) => only === undefined || c.name.includes(only) || `${c.a[0]} ${c.b[0]}`.includes(only))

/** Starts one server kind in a child process; resolves to `{ url, stop }`. */
const startServer = (kind) =>
  new Promise((resolve, reject) => {
    const execArgv = profileDir
      ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${kind}.cpuprofile`]
      : []
    // The log line of the `-log` kinds goes to /dev/null (stdout and stderr ignored), as cheap a sink as any.
    const child = fork(fileURLToPath(new URL("adapter-server.mjs", import.meta.url)), [kind], {
      execArgv,
      stdio: ["ignore", "ignore", "ignore", "ipc"]
    })
    child.once("message", (message) => {
      if (message.error) reject(new Error(`${kind}: ${message.error}`))
      else
        resolve({
          url: `http://127.0.0.1:${message.port}`,
          // The server's CPU time so far (user + system, µs).
          cpu: () =>
            new Promise((answer) => {
              const onMessage = (reply) => {
                if (typeof reply?.cpu !== "number") return
                child.off("message", onMessage)
                answer(reply.cpu)
              }
              child.on("message", onMessage)
              child.send("cpu")
            }),
          stop: () =>
            new Promise((done) => {
              child.once("exit", done)
              child.disconnect()
            })
        })
    })
    child.once("exit", (code) => reject(new Error(`${kind} exited with ${code} before listening`)))
  })

/**
 * One autocannon run: requests per second and the server's CPU µs per request; fails on any error,
 * timeout or unexpected status.
 */
const load = async (server, url, expectedStatus, duration = seconds) => {
  const before = await server.cpu()
  const result = await autocannon({ url, connections, duration, pipelining: 1 })
  const cpu = (await server.cpu()) - before
  const answered = expectedStatus === 200 ? result["2xx"] : result.non2xx
  if (result.errors > 0 || result.timeouts > 0 || answered !== result.requests.total) {
    throw new Error(
      `${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${answered} of ${result.requests.total} answered as expected`
    )
  }
  return { rate: result.requests.total / duration, cpu: cpu / result.requests.total }
}

/** One request: the status and content type both sides of a comparison must share. */
const probe = async (url) => {
  const res = await fetch(url)
  const body = await res.text()
  return { status: res.status, type: res.headers.get("content-type")?.split(";")[0], body }
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

const measure = async (servers, comparison) => {
  const serverA = servers.get(comparison.a[0])
  const serverB = servers.get(comparison.b[0])
  const urlA = `${serverA.url}${comparison.a[1]}`
  const urlB = `${serverB.url}${comparison.b[1]}`
  const [pa, pb] = [await probe(urlA), await probe(urlB)]
  if (pa.status !== pb.status || pa.type !== pb.type) {
    throw new Error(`${comparison.name}: A answers ${pa.status} ${pa.type}, B ${pb.status} ${pb.type}`)
  }
  // Warm-up: both JITs and connection pools, not measured.
  await load(serverA, urlA, pa.status, 1)
  await load(serverB, urlB, pb.status, 1)
  const runsA = []
  const runsB = []
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      runsA.push(await load(serverA, urlA, pa.status))
      runsB.push(await load(serverB, urlB, pb.status))
    } else {
      runsB.push(await load(serverB, urlB, pb.status))
      runsA.push(await load(serverA, urlA, pa.status))
    }
  }
  const a = runsA.map((run) => run.rate)
  const b = runsB.map((run) => run.rate)
  const ratios = a.map((x, i) => b[i] / x)
  const cpuA = median(runsA.map((run) => run.cpu))
  const cpuB = median(runsB.map((run) => run.cpu))
  const result = {
    ...comparison,
    status: pa.status,
    medianA: median(a),
    medianB: median(b),
    ratio: median(b) / median(a),
    low: Math.min(...ratios),
    high: Math.max(...ratios),
    cpuA,
    cpuB,
    // Throughput an app bound by its own CPU would keep: A's CPU per request over B's.
    cpuRatio: cpuA / cpuB
  }
  console.log(
    `${comparison.name}: ${result.ratio.toFixed(2)} (${Math.round(result.medianB)} / ${Math.round(result.medianA)} req/s; rounds ${result.low.toFixed(2)}–${result.high.toFixed(2)}; server CPU per request ${result.cpuA.toFixed(0)} / ${result.cpuB.toFixed(0)} µs, ${result.cpuRatio.toFixed(2)})`
  )
  return result
}

// What the profiles and the machine said when these figures were last taken (written by hand).
const note = `

Where the time goes (CPU profiles of the servers, \`BENCH_CPU_PROF=<dir>\`, self time of the busy
server, at a load average of 2 to 4). Express, failure (met): core's answer (\`answerError\`:
request id, language, problem; its options worked out once per options object) costs about as much
per request as the decoder that raised the failure, and the problem is written with Node's own
setters (core's \`writeProblemResponse\`, no \`ETag\`); the rest is Express, the router and Node's
HTTP in both apps. Express, \`effectHandler\`: effect's fiber and the route's server span (6.0%),
core's run path (\`runForResponse\`, 2.9%), the adapter (1.3%) and one \`close\` listener per request
(1.6%), spread over many small functions, none above 1%: what is left is the price of running an
Effect in a span, not one hot spot. Nest: every route passes Nest's own interceptor chain because
\`EffectInterceptor\` is global (rxjs 2.6% on a failure, 4.8% on an Effect; \`@nestjs/core\` 3 to 4%);
\`EffectInterceptor\`'s own share is close to a no-op interceptor's (no rxjs pipe per value, no
\`AbortController\` per request). An Effect adds effect's fiber and span (4.8%). The failure path adds
core's answer and the filter's write (3.1% and 2.4%). The default log line is one logger call (one
record) per failure, written after the answer; what those rows add is Nest's console logger
formatting it and writing it synchronously (\`writeBuffer\` 15.2% on Fastify). On Fastify, the bare
app answers 15,000 to 27,000 requests a second, where its own time is mostly the socket write
(\`writev\` 66%) and the load generator shares the two cores: a few microseconds of ours are a large
share there, and the rounds spread widely (0.41 to 0.76 in one run). What would go further: running
marked Effect routes without an interceptor at all (\`@EffectRoute\` making the method return what
Nest awaits natively), and apps that mind the chain's cost can already set \`globalInterceptor:
false\` and mark their Effect routes.`

const started = performance.now()
const kinds = [...new Set(comparisons.flatMap((c) => [c.a[0], c.b[0]]))]
const servers = new Map()
try {
  // One at a time: a Nest boot is CPU-bound, and the machine has two cores.
  for (const kind of kinds) servers.set(kind, await startServer(kind))
  const results = []
  for (const comparison of comparisons) results.push(await measure(servers, comparison))
  const elapsed = (performance.now() - started) / 1000
  console.log(`adapters: ${elapsed.toFixed(0)} s`)

  if (only === undefined && profileDir === undefined) {
    const rows = results.map(
      (r) =>
        `| ${r.name} | ${r.status} | ${Math.round(r.medianA)} / ${Math.round(r.medianB)} | **${r.ratio.toFixed(2)}** | ${r.low.toFixed(2)} – ${r.high.toFixed(2)} | ${r.cpuA.toFixed(0)} / ${r.cpuB.toFixed(0)} µs (${r.cpuRatio.toFixed(2)}) | >= ${r.target.toFixed(2)} | ${r.ratio >= r.target ? "yes" : "no"} |`
    )
    writeSection(
      "adapters",
      `## Adapters against bare apps (\`benchmarks/adapters.mjs\`)

Each row: B (the adapter path) against A (a bare app doing the same job by hand), under autocannon
${version("autocannon")} over loopback (${connections} connections, no pipelining). Each server runs in
its own child process (\`benchmarks/adapter-server.mjs\`), the load generator in the parent. Per row,
after a 1 s warm-up of each, ${rounds} rounds of ${seconds} s alternate A and B (which goes first alternates
too). A side's figure is the median of its rounds' requests per second; the ratio is median(B) /
median(A); the spread is the lowest and highest paired ratio of a round. "Server CPU per request": the
server process's CPU time (user and system, \`process.cpuUsage\`, which includes its kernel time
writing to the socket) over the requests it answered in a round, median of the rounds; A / B is the
throughput a server bound by its own CPU would keep, and moves less than req/s when the load
generator and other work share the two cores. The target is read on B / A in req/s. "Failure" rows throw a
fresh \`decodeError\` result of CertCentral (an upstream 500 with an unknown code, answered 502) from
the route; the bare apps answer every error with a static 502 problem (an Express error handler, a
Nest \`@Catch()\` filter). "No log line": the app's \`onFailure\` hook (here: nothing) replaces the
default line; "default log line": Nest's logger writes one line per failure (to /dev/null). Effect
rows answer \`{ ok: true }\` (\`effectHandler\`; a controller returning \`Effect.succeed\` under
\`FaultlineModule\`'s interceptor) against a handler returning the same object. Measured
${new Date().toISOString().slice(0, 10)}, in ${elapsed.toFixed(0)} s.

Machine: ${machine()};
express ${version("express")}, @nestjs/core ${version("@nestjs/core")}, @nestjs/platform-fastify ${version("@nestjs/platform-fastify")}, effect ${version("effect")}.

| figure | status | req/s A / B (medians) | B / A | rounds (lowest – highest) | server CPU per request A / B (A / B) | target | met |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}${note}`
    )
  }
} finally {
  await Promise.all([...servers.values()].map((s) => s.stop()))
}
