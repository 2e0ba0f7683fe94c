// `pnpm demo`: the scenario tour of the certificate gateway on the simulators, as a table for each
// DNS vendor (DO-API, then DPF-API).
// `pnpm demo --serve`: the gateway and its simulators kept running, with curl examples (`--dpf`: on
// DPF-API instead of DO-API).
// `--nest`: the Nest twin instead of the Express gateway.
// `pnpm demo --replicas 3`: three gateway processes on one Redis (a redis-server of its own).
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { CsrToolError, makeCsr } from "@faultline/testing"
import { type DnsVendor, dnsVendors } from "./dns.js"
import { type Framework, startGateway } from "./gateway.js"
import { isReplica, replicasDemo, runReplica } from "./replicasDemo.js"
import { problemsOf, runScenario, type ScenarioRun, scenariosFor } from "./scenarios.js"
import * as Effect from "effect/Effect"
import { serverConfig, settingsWith } from "./settings.js"
import { startSimulators } from "./simulators.js"

const usage = `Usage: pnpm demo [--serve [--dpf]] [--replicas <n>] [--nest]

  (no flag)       the scenario tour on both DNS vendors, as tables
  --serve         the gateway and its simulators kept running, with curl examples (PORT, default 3000)
  --dpf           with --serve: DNS on DPF-API instead of DO-API
  --replicas <n>  n gateway processes (1 to 16) on one Redis of their own
  --nest          the Nest twin instead of the Express gateway
  -h, --help      print this help and exit
`

/** The demo's flags (strict: an unknown one is refused with exit code 2). */
const flags = (() => {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        nest: { type: "boolean" },
        serve: { type: "boolean" },
        dpf: { type: "boolean" },
        replicas: { type: "string" },
        help: { type: "boolean", short: "h" }
      }
    }).values
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`)
    process.exit(2)
  }
})()

const framework: Framework = flags.nest === true ? "nest" : "express"
const serve = flags.serve === true
const commonName = "shop.example.jp"
const vendorName: Record<DnsVendor, string> = { "do-api": "DO-API", dpf: "DPF-API" }
const vendorShort: Record<DnsVendor, string> = { "do-api": "DO", dpf: "DPF" }

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

const tableOf = (dns: DnsVendor, runs: ReadonlyArray<ScenarioRun>): string => {
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
        `CC ${run.observed.calls.certCentral} · ${vendorShort[dns]} ${run.observed.calls.dns}`,
        String(run.observed.orders)
      ])
    })
  ]
  return lines.join("\n")
}

const tour = async (): Promise<number> => {
  const started = performance.now()
  const counts = dnsVendors.map((dns) => `${scenariosFor(dns).length} on ${vendorName[dns]}`).join(", ")
  console.log(`certificate gateway tour: ${counts}; ${framework} gateway on the simulators`)
  const csr = await makeCsr(commonName, { key: "rsa" })
  const tables: Array<string> = []
  let wrong = 0
  let total = 0
  for (const dns of dnsVendors) {
    const scenarios = scenariosFor(dns)
    console.log(`\nDNS on ${vendorName[dns]}`)
    const runs: Array<ScenarioRun> = []
    for (const [i, scenario] of scenarios.entries()) {
      const label = `[${String(i + 1).padStart(2)}/${scenarios.length}] ${scenario.name}`
      process.stdout.write(`${label.padEnd(56, " ")} `)
      const run = await runScenario(scenario, { framework, settings: { ...settings, dns }, csr: () => csr })
      runs.push(run)
      total++
      const problems = problemsOf(run)
      if (problems.length > 0) wrong++
      const statuses = run.observed.steps.map((s) => s.status).join(" → ")
      console.log(
        `${problems.length === 0 ? "ok" : "UNEXPECTED"}  ${statuses}  (${(run.millis / 1000).toFixed(1)} s)`
      )
      for (const problem of problems) console.log(`      ${problem}`)
    }
    tables.push(`DNS on ${vendorName[dns]}:\n\n${tableOf(dns, runs)}`)
  }
  console.log(`\n${tables.join("\n\n")}\n`)
  console.log(
    "upstream calls: requests CertCentral (CC) and the DNS vendor (DO-API: DO, DPF-API: DPF) received; orders placed: orders CertCentral holds."
  )
  console.log(
    `${failures.length} upstream failures logged by the gateway's onFailure hook; no answer carried upstream text or credentials.`
  )
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    wrong === 0
      ? `all ${total} scenarios answered as expected in ${seconds} s`
      : `${wrong} of ${total} scenarios did not answer as expected (${seconds} s)`
  )
  return wrong === 0 ? 0 : 1
}

const serveForever = async (): Promise<void> => {
  const dns: DnsVendor = flags.dpf === true ? "dpf" : "do-api"
  const { port } = await Effect.runPromise(
    Effect.gen(function* () {
      return yield* serverConfig
    })
  )
  const simulators = await startSimulators({ dns })
  const gateway = await startGateway({
    framework,
    upstreams: simulators.upstreams,
    settings: settingsWith({
      dns,
      dcv: { checks: 4, interval: "250 millis" },
      reconcileSettle: "100 millis"
    }),
    port,
    nestLogger: true
  })
  const dir = mkdtempSync(join(tmpdir(), "faultline-gateway-"))
  const request = join(dir, "request.json")
  writeFileSync(request, JSON.stringify({ commonName, csr: await makeCsr(commonName, { key: "rsa" }) }))
  const other = join(dir, "www.json")
  writeFileSync(
    other,
    JSON.stringify({ commonName: "www.example.jp", csr: await makeCsr("www.example.jp", { key: "rsa" }) })
  )
  const url = gateway.url
  console.log(`certificate gateway (${framework}) on ${url}`)
  console.log(
    `  CertCentral simulator ${simulators.certCentral.url} (X-DC-DEVKEY ${simulators.certCentral.apiKey})`
  )
  console.log(`  ${`${vendorName[dns]} simulator`.padEnd(21)} ${simulators.dns.url} (zone example.jp)`)
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

const replicas = flags.replicas === undefined ? undefined : Number(flags.replicas)
if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= 16)) {
  console.error(`--replicas takes a number of replicas from 1 to 16, not ${JSON.stringify(flags.replicas)}`)
  process.exit(2)
}
const run =
  flags.help === true
    ? Promise.resolve(process.stdout.write(usage)).then(() => 0)
    : isReplica()
      ? runReplica()
      : replicas !== undefined
        ? replicasDemo(replicas)
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
