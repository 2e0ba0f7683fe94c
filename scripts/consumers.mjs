// Fresh npm projects outside the workspace that install the packed tarballs and their peers from the
// registry: shared by scripts/check-consumers.mjs (the smoke apps) and scripts/check-readmes.mjs.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { root, run } from "./lib.mjs"

/** A version from the pnpm catalog (the tool versions the workspace itself is checked with). */
export const catalog = (name) => {
  const text = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
  const line = text
    .split("\n")
    .find((l) => l.trim().startsWith(`"${name}":`) || l.trim().startsWith(`${name}:`))
  if (line === undefined) throw new Error(`${name} is not in the pnpm catalog`)
  return line.split(":").slice(1).join(":").trim()
}

/** The peer dependencies of the given packages, at the ranges they declare (what npm would install). */
export const peersOf = (packages) =>
  Object.assign({}, ...packages.map((p) => p.manifest.peerDependencies ?? {}))

/**
 * Creates a fresh npm project in a temporary folder and installs the tarballs (as `file:`
 * dependencies) and the given registry packages. npm's own cache (~/.npm) is shared by every project
 * and every run, so after the first run the installs hit the network only to revalidate.
 */
export const createProject = async ({
  name,
  type,
  packages,
  dependencies = {},
  devDependencies = {},
  files = {}
}) => {
  const dir = mkdtempSync(join(tmpdir(), `faultline-${name}-`))
  const manifest = {
    name: `faultline-consumer-${name}`,
    private: true,
    type,
    dependencies: {
      ...Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`])),
      ...peersOf(packages),
      ...dependencies
    },
    devDependencies
  }
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`)
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  await run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", "--no-package-lock"],
    { cwd: dir, env: { npm_config_update_notifier: "false" }, plainNpm: true }
  )
  return dir
}

export const copyInto = (from, dir) => cpSync(from, dir, { recursive: true })

/** tsconfig for `tsc --strict` under NodeNext (emitting) or Bundler resolution (checking only). */
export const tsconfig = (resolution, extra = {}) =>
  `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        // effect's own declarations name Web Crypto and Storage types (CryptoKey, Storage).
        lib: ["ES2022", "DOM"],
        types: ["node"],
        // Our declaration files are checked too, as a strict consumer would.
        skipLibCheck: false,
        ...(resolution === "nodenext"
          ? { module: "nodenext", moduleResolution: "nodenext", outDir: "dist", rootDir: "src" }
          : { module: "preserve", moduleResolution: "bundler", noEmit: true }),
        ...extra
      },
      include: ["src"]
    },
    null,
    2
  )}\n`

/** The project's own TypeScript (the catalog's version), with a plain npm environment. */
export const tsc = (dir, project) =>
  run("node", [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", project], {
    cwd: dir,
    plainNpm: true
  })
