import * as esbuild from "esbuild"
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
const short = (p) => p.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
for (const [p, v] of Object.entries(r.metafile.inputs)) {
  const out = Object.values(r.metafile.outputs)[0].inputs[p]?.bytesInOutput ?? 0
  if (out === 0) continue
  console.log(
    short(p),
    out,
    "<-",
    v.imports
      .map((i) => short(i.path))
      .filter((x) => x.includes("/"))
      .join(", ")
  )
}
