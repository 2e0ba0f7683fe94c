// The footprint benchmark: what using only a vendor's decoder costs an app. (1) Cold import: each
// entry imported in a fresh Node process (time of the `import()` itself, Node's own start excluded),
// against `effect/Effect` alone; rounds alternate the order of the entries, the figure is the median
// per entry and its ratio to effect's median. (2) Bundle: esbuild bundles a module importing only
// `decodeError` (minified, ESM, tree-shaken), with effect bundled in and left external; its min+gzip
// size, and from esbuild's metafile the inputs that weigh most. Writes the `footprint` section of
// BENCHMARKS.md.
import { execFileSync } from "node:child_process"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"
import { machine, median, quantile, version, writeSection } from "./report.mjs"

const here = dirname(fileURLToPath(import.meta.url))
const rounds = Number(process.env.BENCH_ROUNDS ?? 15)
const importTarget = 1.5
const sizeTarget = 20 * 1024

const vendors = [
  { name: "CertCentral", pkg: "@faultline/certcentral" },
  { name: "DO-API", pkg: "@faultline/do-api" },
  { name: "DPF", pkg: "@faultline/dpf" }
]
const baseline = "effect/Effect"
const entries = [baseline, ...vendors.flatMap((v) => [`${v.pkg}/decode`, v.pkg])]

// One fresh process per measurement: milliseconds spent in `import(specifier)`.
const child = `const t0 = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t0))`
const coldImport = (specifier) =>
  Number(
    execFileSync(process.execPath, ["--input-type=module", "-e", child, specifier], {
      cwd: here,
      encoding: "utf8"
    })
  )

const measureImports = () => {
  const times = Object.fromEntries(entries.map((e) => [e, []]))
  for (const e of entries) coldImport(e) // warm the file system cache, not the process
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? entries : [...entries].reverse()
    for (const e of order) times[e].push(coldImport(e))
  }
  const base = median(times[baseline])
  return Object.fromEntries(
    entries.map((e) => [
      e,
      {
        ms: median(times[e]),
        ratio: median(times[e]) / base,
        lo: quantile(times[e], 0.25),
        hi: quantile(times[e], 0.75)
      }
    ])
  )
}

// A module importing only `decodeError` from `from`, bundled as an app's bundler would.
const bundle = async (from, withEffect) => {
  const result = await esbuild.build({
    stdin: {
      contents: `export { decodeError } from ${JSON.stringify(from)}`,
      resolveDir: here,
      loader: "js"
    },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    treeShaking: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    external: withEffect ? [] : ["effect", "effect/*"]
  })
  const code = result.outputFiles[0].contents
  const inputs = Object.values(result.metafile.outputs)[0].inputs
  // Bytes per package (effect, core, the vendor) and the heaviest modules, before minification's
  // renaming but after tree shaking (esbuild's `bytesInOutput`).
  const byPackage = {}
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = path.includes("node_modules/.pnpm/effect@")
      ? "effect"
      : path.includes("packages/core/")
        ? "@faultline/core"
        : path.startsWith("<stdin>")
          ? "entry"
          : (path.match(/packages\/([^/]+)\//)?.[1] ?? path)
    byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput
  }
  const heaviest = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({
      path: path.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "").replace(/^(\.\.\/)+/, ""),
      bytes: bytesInOutput
    }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5)
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, byPackage, heaviest }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`

const main = async () => {
  const sizes = []
  for (const v of vendors) {
    for (const from of [`${v.pkg}/decode`, v.pkg]) {
      const full = await bundle(from, true)
      const own = await bundle(from, false)
      sizes.push({ vendor: v.name, from, full, own })
      console.log(
        JSON.stringify({
          from,
          gzip: full.gzip,
          gzipWithoutEffect: own.gzip,
          byPackage: full.byPackage,
          heaviest: full.heaviest
        })
      )
    }
  }
  const imports = measureImports()
  for (const [e, r] of Object.entries(imports)) console.log(JSON.stringify({ entry: e, ...r }))

  const importRows = entries.map((e) => {
    const r = imports[e]
    const decoderOnly = e.endsWith("/decode")
    const target = e === baseline ? "—" : decoderOnly ? `<= ${importTarget}x` : "—"
    const met = decoderOnly ? (r.ratio <= importTarget ? "yes" : "no") : "—"
    return `| \`${e}\` | ${r.ms.toFixed(1)} ms (${r.lo.toFixed(1)} – ${r.hi.toFixed(1)}) | **${r.ratio.toFixed(2)}x** | ${target} | ${met} |`
  })
  const sizeRows = sizes.map(({ from, full, own }) => {
    const decoderOnly = from.endsWith("/decode")
    const split = Object.entries(full.byPackage)
      .filter(([, b]) => b > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([p, b]) => `${p} ${kb(b)}`)
      .join(", ")
    return `| \`${from}\` | **${kb(full.gzip)}** (${kb(full.min)} min) | ${kb(own.gzip)} (${kb(own.min)} min) | ${decoderOnly ? "<= 20 KB" : "—"} | ${decoderOnly ? (full.gzip <= sizeTarget ? "yes" : "no") : "—"} | ${split} |`
  })
  const section = `## Footprint of a decoder-only import (\`benchmarks/footprint.mjs\`)

Cold import: each entry imported in a fresh Node process (the time of the \`import()\` itself, Node's
start excluded), ${rounds} rounds alternating the order of the entries after one warm-up of the file
cache; median and interquartile range in ms, and the median's ratio to \`effect/Effect\` imported
alone. Bundle: esbuild ${version("esbuild")} bundles \`export { decodeError } from "<entry>"\` (ESM,
minified, tree-shaken, platform node), with effect bundled in and left external; min+gzip
(level 9) size, and the bundled bytes per package before compression (esbuild's metafile,
\`bytesInOutput\`). The main entries are shown for comparison: the decoder-only entries are what the
targets are about. Measured ${new Date().toISOString().slice(0, 10)}.

Machine: ${machine()};
effect ${version("effect")}.

| entry | cold import, median (IQR) | / \`effect/Effect\` | target | met |
|---|---|---|---|---|
${importRows.join("\n")}

| bundle of \`decodeError\` from | min+gzip, effect included | min+gzip, effect external | target | met | bundled bytes by package |
|---|---|---|---|---|---|
${sizeRows.join("\n")}

What a decoder-only bundle holds: the vendor's reasons with their catalogue specs and our en/ja texts
(\`reason.text\`, what \`toProblem\` shows: part of a decoded reason, so it stays), the decoder, and
core's \`Reason\`/\`Failure\` and response readers; of effect, \`Data\` (the tagged-error prototype),
\`Redacted\` and \`Duration\`, about 6.5 KB min+gzip by themselves. What was taken off the decode path
to get there: the client, HTTP, streams and rate limiter (core's \`@faultline/core/vendor/decode\`
subpath and the vendors' \`decode\` entries), Schema (CertCentral's envelope is read by hand and its
\`orderFilters\` list left the success models), and \`effect/http/Headers\` (core reads Retry-After's
RFC 9110 grammar itself, held to effect's parser by a property test: Headers brought DateTime,
Context and the scheduler, about 6 KB min+gzip). Issue 19's figures before this (decodeError from
the main entries): CertCentral 67 KB, DO-API 61 KB min+gzip; cold import 2.84x / 2.93x
\`effect/Effect\`.`
  writeSection("footprint", section)
  console.log("\nwritten to BENCHMARKS.md")
}

await main()
