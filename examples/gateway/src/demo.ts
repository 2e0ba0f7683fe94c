// `pnpm demo`: the scenario tour of the certificate gateway on the simulators, as a table.
// `pnpm demo --serve`: the gateway and both simulators kept running, with curl examples.
// `--nest`: the Nest twin instead of the Express gateway.
// `pnpm demo --replicas 3`: three gateway processes on one Redis (a redis-server of its own).
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { CsrToolError, makeCsr } from "./csr.js"
import { type Framework, startGateway } from "./gateway.js"
import { isReplica, replicasDemo, runReplica } from "./replicasDemo.js"
import { problemsOf, runScenario, type ScenarioRun, scenarios } from "./scenarios.js"
import { settingsWith } from "./settings.js"
import { startSimulators } from "./simulators.js"

const framework: Framework = process.argv.includes("--nest") ? "nest" : "express"
const serve = process.argv.includes("--serve")
const commonName = "shop.example.jp"

// Short waits on the simulators: DNS there is instant once committed.
const failures: Array<Record<string, unknown>> = []
const settings = settingsWith({
  dcv: { checks: 4, interval: "250 millis" },
  reconcileSettle: "100 millis",
  log: (entry) => failures.push(entry)
})

const pad = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)

const columns = [
  { title: "#", width: 3 },
  { title: "scenario", width: 44 },
  { title: "upstream answered", width: 55 },
  { title: "status", width: 11 },
  { title: "problem code", width: 30 },
  { title: "X-Upstream-Request-Id", width: 22 },
  { title: "upstream calls", width: 15 },
  { title: "orders placed", width: 13 }
] as const

const row = (cells: ReadonlyArray<string>) =>
  `| ${cells.map((cell, i) => pad(cell, columns[i]?.width ?? 10)).join(" | ")} |`

const tableOf = (runs: ReadonlyArray<ScenarioRun>): string => {
  const lines = [
    row(columns.map((c) => c.title)),
    `|${columns.map((c) => "-".repeat(c.width + 2)).join("|")}|`,
    ...runs.map((run, i) => {
      const steps = run.observed.steps
      const upstreamId = run.answers
        .map((a) => a.headers["x-upstream-request-id"])
        .find((id) => id !== undefined)
      return row([
        String(i + 1),
        run.scenario.name,
        run.scenario.upstream,
        steps.map((s) => String(s.status)).join(" → "),
        steps.map((s) => s.code ?? "–").join(" → "),
        upstreamId === undefined ? "–" : upstreamId,
        `CC ${run.observed.calls.certCentral} · DO ${run.observed.calls.doApi}`,
        String(run.observed.orders)
      ])
    })
  ]
  return lines.join("\n")
}

const tour = async (): Promise<number> => {
  const started = performance.now()
  console.log(
    `certificate gateway tour: ${scenarios.length} scenarios, ${framework} gateway on the simulators`
  )
  const csr = makeCsr(commonName)
  const runs: Array<ScenarioRun> = []
  let wrong = 0
  for (const [i, scenario] of scenarios.entries()) {
    const label = `[${String(i + 1).padStart(2)}/${scenarios.length}] ${scenario.name}`
    process.stdout.write(`${label.padEnd(56, " ")} `)
    const run = await runScenario(scenario, { framework, settings, csr: () => csr })
    runs.push(run)
    const problems = problemsOf(run)
    if (problems.length > 0) wrong++
    const statuses = run.observed.steps.map((s) => s.status).join(" → ")
    console.log(
      `${problems.length === 0 ? "ok" : "UNEXPECTED"}  ${statuses}  (${(run.millis / 1000).toFixed(1)} s)`
    )
    for (const problem of problems) console.log(`      ${problem}`)
  }
  console.log(`\n${tableOf(runs)}\n`)
  console.log(
    "upstream calls: requests CertCentral (CC) and DO-API (DO) received; orders placed: orders CertCentral holds."
  )
  console.log(
    `${failures.length} upstream failures logged by the gateway's onFailure hook; no answer carried upstream text or credentials.`
  )
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    wrong === 0
      ? `all ${scenarios.length} scenarios answered as expected in ${seconds} s`
      : `${wrong} of ${scenarios.length} scenarios did not answer as expected (${seconds} s)`
  )
  return wrong === 0 ? 0 : 1
}

const serveForever = async (): Promise<void> => {
  const simulators = await startSimulators()
  const port = Number(process.env.PORT ?? "3000")
  const gateway = await startGateway({
    framework,
    upstreams: simulators.upstreams,
    settings: settingsWith({ dcv: { checks: 4, interval: "250 millis" }, reconcileSettle: "100 millis" }),
    port,
    nestLogger: true
  })
  const dir = mkdtempSync(join(tmpdir(), "faultline-gateway-"))
  const request = join(dir, "request.json")
  writeFileSync(request, JSON.stringify({ commonName, csr: makeCsr(commonName) }))
  const other = join(dir, "www.json")
  writeFileSync(other, JSON.stringify({ commonName: "www.example.jp", csr: makeCsr("www.example.jp") }))
  const url = gateway.url
  console.log(`certificate gateway (${framework}) on ${url}`)
  console.log(
    `  CertCentral simulator ${simulators.certCentral.url} (X-DC-DEVKEY ${simulators.certCentral.apiKey})`
  )
  console.log(`  DO-API simulator      ${simulators.doApi.url} (zone example.jp)`)
  console.log(`
Try (request bodies with real CSRs are in ${dir}):

  # order, publish _dnsauth.${commonName}, commit, check DCV: 201 + Location
  curl -si -X POST ${url}/certificates -H 'content-type: application/json' -d @${request}
  # the same request again: the same order, nothing placed twice
  curl -si -X POST ${url}/certificates -H 'content-type: application/json' -d @${request}
  curl -si ${url}/certificates/1
  # an unknown order, in Japanese
  curl -si -H 'accept-language: ja' ${url}/certificates/4242
  # CertCentral refuses the CSR: 400 with errors[].param certificate.csr
  curl -si -X POST ${url}/certificates -H 'content-type: application/json' \\
    -d '{"commonName":"www.example.jp","csr":"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----"}'
  # a name outside the zones: 422
  curl -si -X POST ${url}/certificates -H 'content-type: application/json' -d '{"commonName":"shop.example.com","csr":"-----BEGIN CERTIFICATE REQUEST-----\\nAAAA\\n-----END CERTIFICATE REQUEST-----"}'
  # another name in the zone
  curl -si -X POST ${url}/certificates -H 'content-type: application/json' -d @${other}

Ctrl-C stops the gateway and the simulators.`)
  const stop = async () => {
    await gateway.close()
    await simulators.close()
    process.exit(0)
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

const replicasArg = process.argv.indexOf("--replicas")
const replicas = replicasArg === -1 ? undefined : Number(process.argv[replicasArg + 1] ?? "3")
const run = isReplica()
  ? runReplica()
  : replicas !== undefined
    ? replicasDemo(Number.isInteger(replicas) && replicas >= 1 && replicas <= 16 ? replicas : 3)
    : serve
      ? serveForever().then(() => undefined)
      : tour()
run
  .then((code) => {
    if (typeof code === "number") process.exit(code)
  })
  .catch((error: unknown) => {
    console.error(error instanceof CsrToolError ? error.message : error)
    process.exit(1)
  })
