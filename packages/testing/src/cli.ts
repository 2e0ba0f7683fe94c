#!/usr/bin/env node
import { startCertCentralSimulator } from "./CertCentralSimulator.js"
import { startDoApiSimulator } from "./DoApiSimulator.js"

// `faultline-simulators [--certcentral-port N] [--do-api-port N]`: both simulators in the foreground
// for manual curl, DCV wired between them, until Ctrl-C.

const portArg = (name: string): number | undefined => {
  const at = process.argv.indexOf(name)
  if (at === -1) return undefined
  const value = Number(process.argv[at + 1])
  if (!Number.isInteger(value)) throw new TypeError(`${name} needs a port number`)
  return value
}

const main = async () => {
  const doApi = await startDoApiSimulator({ port: portArg("--do-api-port") ?? 0 })
  const certCentral = await startCertCentralSimulator({
    port: portArg("--certcentral-port") ?? 0,
    resolveTxt: doApi.resolveTxt
  })
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
      ""
    ].join("\n")
  )
  const stop = () => {
    Promise.all([certCentral.close(), doApi.close()]).then(() => process.exit(0))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
