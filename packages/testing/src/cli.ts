#!/usr/bin/env node
import { parseArgs } from "node:util"
import { startCertCentralSimulator } from "./CertCentralSimulator.js"
import { startDoApiSimulator } from "./DoApiSimulator.js"
import { startDpfSimulator } from "./DpfSimulator.js"

// `faultline-simulators`: the three simulators in the foreground for manual curl, DCV wired between
// them (CertCentral reads the TXT records committed on either DNS simulator), until Ctrl-C.

const usage = `Usage: faultline-simulators [options]

Runs the CertCentral, DO-API and DPF-API simulators on 127.0.0.1 until Ctrl-C, and prints their
URLs and credentials for curl. CertCentral's check-dcv reads the TXT records of both DNS simulators.

Options:
  --port <n>              CertCentral on <n>, DO-API on <n>+1, DPF-API on <n>+2
  --certcentral-port <n>  CertCentral's port (overrides --port)
  --do-api-port <n>       DO-API's port (overrides --port)
  --dpf-port <n>          DPF-API's port (overrides --port)
  -h, --help              print this help and exit

Without a port, the system picks free ones.
`

/** A usage error: printed with a hint to --help, exit code 2 (as the shells' builtins do). */
class UsageError extends Error {}

const portsOf = (values: Readonly<Record<string, string | boolean | undefined>>) => {
  const port = (name: string, offset: number): number => {
    const own = values[`${name}-port`]
    const base = values.port
    const text = typeof own === "string" ? own : typeof base === "string" ? base : undefined
    if (text === undefined) return 0
    const flag = typeof own === "string" ? `--${name}-port` : "--port"
    if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
      throw new UsageError(`${flag} must be a port number (0 to 65535), not ${JSON.stringify(text)}`)
    }
    const value = Number(text) + (typeof own === "string" || Number(text) === 0 ? 0 : offset)
    if (value > 65535) throw new UsageError(`--port ${text} leaves no room for the next simulators`)
    return value
  }
  return { certCentral: port("certcentral", 0), doApi: port("do-api", 1), dpf: port("dpf", 2) }
}

const parse = (args: ReadonlyArray<string>) => {
  try {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        "certcentral-port": { type: "string" },
        "do-api-port": { type: "string" },
        "dpf-port": { type: "string" },
        help: { type: "boolean", short: "h" }
      }
    })
    return values
  } catch (error) {
    // parseArgs' own messages name the flag (unknown option, missing value, unexpected argument).
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

const main = async () => {
  const values = parse(process.argv.slice(2))
  if (values.help === true) {
    process.stdout.write(usage)
    return
  }
  const ports = portsOf(values)
  const doApi = await startDoApiSimulator({ port: ports.doApi })
  const dpf = await startDpfSimulator({ port: ports.dpf }).catch(async (error: unknown) => {
    await doApi.close()
    throw error
  })
  const certCentral = await startCertCentralSimulator({
    port: ports.certCentral,
    resolveTxt: async (name) => [...(await doApi.resolveTxt(name)), ...(await dpf.resolveTxt(name))]
  }).catch(async (error: unknown) => {
    await Promise.all([doApi.close(), dpf.close()])
    throw error
  })
  // Ready for a signal before the banner says so: whoever reads it may stop us at once.
  const stop = () => {
    Promise.all([certCentral.close(), doApi.close(), dpf.close()]).then(() => process.exit(0))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  process.stdout.write(
    [
      "faultline simulators running (Ctrl-C to stop)",
      "",
      `CertCentral  ${certCentral.url}`,
      `  X-DC-DEVKEY: ${certCentral.apiKey}`,
      `  curl -H 'X-DC-DEVKEY: ${certCentral.apiKey}' ${certCentral.url}order/certificate`,
      "",
      `DO-API       ${doApi.url}/r/20140601/${doApi.serviceCode}/`,
      `  access key:   ${doApi.accessKey}`,
      `  secret key:   ${doApi.secretKey}`,
      `  zones:        ${doApi.zones.join(", ")}`,
      "  (requests must carry an IIJAPI HmacSHA256 v2 signature)",
      "",
      `DPF-API      ${dpf.url}`,
      `  token:        ${dpf.token}`,
      `  curl -H 'Authorization: Bearer ${dpf.token}' ${dpf.url}/zones`,
      ""
    ].join("\n")
  )
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`faultline-simulators: ${error.message}\nTry 'faultline-simulators --help'.\n`)
    process.exit(2)
  }
  process.stderr.write(`faultline-simulators: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
