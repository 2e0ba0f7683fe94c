// Checks what would be published: every packed tarball passes publint (strict) and
// @arethetypeswrong/cli (ESM-only profile), holds a built dist and nothing else we did not mean to ship,
// and its package.json has the metadata npm and provenance need.
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ensurePacks, main, run, step } from "./lib.mjs"

const required = ["name", "version", "description", "license", "repository", "homepage", "bugs", "keywords"]

const checkContents = async (pkg) => {
  const files = (await run("tar", ["-tzf", pkg.tarball])).split("\n").filter(Boolean)
  const problems = []
  const has = (path) => files.includes(`package/${path}`)
  for (const path of ["package.json", "README.md", "LICENSE"]) if (!has(path)) problems.push(`no ${path}`)
  if (!files.some((f) => f.startsWith("package/dist/") && f.endsWith(".js"))) problems.push("no dist/*.js")
  for (const f of files) {
    if (f.endsWith(".map")) problems.push(`ships a sourcemap ${f}`)
    if (/^package\/(src|test|bench|scripts)\//.test(f)) problems.push(`ships ${f}`)
  }
  const dir = mkdtempSync(join(tmpdir(), "faultline-pkg-"))
  try {
    await run("tar", ["-xzf", pkg.tarball, "-C", dir])
    const manifest = JSON.parse(readFileSync(join(dir, "package", "package.json"), "utf8"))
    for (const field of required)
      if (manifest[field] === undefined) problems.push(`package.json has no ${field}`)
    if (manifest.repository?.directory !== `packages/${pkg.folder}`)
      problems.push("repository.directory is wrong")
    if (JSON.stringify(manifest).includes("workspace:"))
      problems.push("package.json keeps a workspace: range")
    // pnpm drops prepack from the packed manifest: check the source one.
    if (pkg.manifest.scripts?.prepack === undefined)
      problems.push("no prepack script (a pack could ship without dist)")
    // Every export target (and bin) exists in the tarball; bins start with a shebang.
    const leaves = (u) => (typeof u === "string" ? [u] : Object.values(u ?? {}).flatMap(leaves))
    for (const target of leaves(manifest.exports).map((t) => t.replace(/^\.\//, ""))) {
      if (!has(target)) problems.push(`export target ${target} is missing`)
    }
    for (const bin of Object.values(manifest.bin ?? {})) {
      const path = bin.replace(/^\.\//, "")
      if (!has(path)) problems.push(`bin ${path} is missing`)
      else if (!readFileSync(join(dir, "package", path), "utf8").startsWith("#!"))
        problems.push(`bin ${path} has no shebang`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (problems.length > 0) throw new Error(`${pkg.name}: ${problems.join("; ")}`)
}

main("check-packages", async () => {
  const packages = await ensurePacks()
  // Two at a time: attw and publint are single-threaded and this machine has two cores.
  const queue = [...packages]
  const worker = async () => {
    for (let pkg = queue.shift(); pkg !== undefined; pkg = queue.shift()) await checkPackage(pkg)
  }
  await Promise.all([worker(), worker()])
})

const checkPackage = async (pkg) => {
  await step(`${pkg.name}: contents and package.json`, () => checkContents(pkg))
  await step(`${pkg.name}: publint --strict`, () =>
    run("pnpm", ["exec", "publint", "run", pkg.tarball, "--strict"])
  )
  // ESM only: the node10 and node16-from-CJS rows are not failures. `require()` of the packages is
  // checked for real, on Node, by the CommonJS consumer of scripts/check-consumers.mjs.
  await step(`${pkg.name}: attw --profile esm-only`, () =>
    run("pnpm", ["exec", "attw", pkg.tarball, "--profile", "esm-only", "--format", "table-flipped"])
  )
}
