import * as esbuild from "esbuild"
import { gzipSync } from "node:zlib"
const from = process.argv[2]
const r = await esbuild.build({
  stdin: {
    contents: `export { decodeError } from ${JSON.stringify(from)}`,
    resolveDir: process.cwd(),
    loader: "js"
  },
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  write: false,
  metafile: true,
  logLevel: "silent"
})
const inputs = Object.values(r.metafile.outputs)[0].inputs
console.log(
  "total",
  r.outputFiles[0].contents.length,
  "gzip",
  gzipSync(r.outputFiles[0].contents, { level: 9 }).length
)
for (const [p, { bytesInOutput }] of Object.entries(inputs).sort(
  (a, b) => b[1].bytesInOutput - a[1].bytesInOutput
))
  if (bytesInOutput > 300)
    console.log(
      String(bytesInOutput).padStart(7),
      p.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    )
