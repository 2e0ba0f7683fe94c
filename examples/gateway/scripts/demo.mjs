// `pnpm demo`: the gateway's tour on the simulators. The Express tour is bundled straight from the
// packages' TypeScript sources with esbuild (about a second), so a fresh clone needs no package
// build first. The Nest twin (`--nest`, and `--serve --nest`) needs decorator metadata, which only
// the packages' SWC build keeps, so it builds them first with turbo and runs the built gateway.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { build } from "esbuild"

// Every flag goes on to the demo, which checks them all (strict `parseArgs`); here only `--nest`
// matters, read without judging the others.
const args = process.argv.slice(2)
const { values } = parseArgs({ args, strict: false, options: { nest: { type: "boolean" } } })
const gateway = fileURLToPath(new URL("..", import.meta.url))
const root = fileURLToPath(new URL("../../..", import.meta.url))

const run = (command, commandArgs, cwd) => {
  const result = spawnSync(command, commandArgs, { cwd, stdio: "inherit" })
  if (result.error !== undefined) throw result.error
  return result.status ?? 1
}

// `@faultline/<name>[/<subpath>]` -> packages/<name>/src/<index | subpath>.ts; every other package
// stays a plain import, resolved from the gateway's own dependencies.
const fromSource = {
  name: "faultline-from-source",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      const match = /^@faultline\/([a-z-]+)(?:\/([a-z]+))?$/.exec(path)
      if (match === null) return { path, external: true }
      const file = `${root}packages/${match[1]}/src/${match[2] ?? "index"}.ts`
      return existsSync(file) ? { path: file } : { errors: [{ text: `no source for ${path}` }] }
    })
  }
}

if (values.nest === true) {
  const built = run(
    "pnpm",
    ["exec", "turbo", "run", "build", "--filter=@faultline/example-gateway...", "--output-logs=errors-only"],
    root
  )
  if (built !== 0) process.exit(built)
  process.exit(run(process.execPath, ["dist/demo.js", ...args], gateway))
}

const outfile = `${gateway}.demo/demo.mjs`
await build({
  entryPoints: [`${gateway}src/demo.ts`],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  sourcemap: "inline",
  logLevel: "warning",
  plugins: [fromSource]
})
process.exit(run(process.execPath, [outfile, ...args], gateway))
