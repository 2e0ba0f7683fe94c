// Shared helpers of the release checks (scripts/check-*.mjs). Node built-ins only.
import { spawn } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
export const releaseDir = join(root, ".release")
export const packsDir = join(releaseDir, "packs")

/** The publishable workspace packages: `packages/*` without `"private": true`. */
export const publicPackages = () =>
  readdirSync(join(root, "packages"))
    .map((folder) => ({ folder, dir: join(root, "packages", folder) }))
    .filter(({ dir }) => existsSync(join(dir, "package.json")))
    .map(({ folder, dir }) => ({
      folder,
      dir,
      manifest: JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
    }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ folder, dir, manifest }) => ({ folder, dir, name: manifest.name, manifest }))

/** `@faultline/core` -> `faultline-core-0.0.0.tgz`, the name `pnpm pack` gives. */
export const tarballName = (name, version) => `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`

export const tarballOf = (pkg) => join(packsDir, tarballName(pkg.name, pkg.manifest.version))

// CI sets TURBO_FORCE for `pnpm test`; the release steps may reuse the outputs it just cached.
// Under `pnpm <script>`, pnpm passes its own settings as npm_config_* variables (catalog,
// peer-dependency-rules...), which npm in the consumer projects would warn about or misread: those
// projects get a plain npm environment.
const childEnv = (env, { plainNpm = false } = {}) => {
  const merged = { ...process.env, ...env }
  delete merged.TURBO_FORCE
  if (plainNpm) {
    for (const key of Object.keys(merged)) {
      if (/^npm_(config|package|lifecycle)_/i.test(key) && !(key in env)) delete merged[key]
    }
  }
  return merged
}

/**
 * Runs a command; resolves with its output, rejects (with the output) on a non-zero exit. The output
 * is echoed only when `echo` is set or the command fails.
 */
export const run = (
  command,
  args,
  { cwd = root, env = {}, echo = false, timeoutMs = 600_000, plainNpm = false } = {}
) =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: childEnv(env, { plainNpm }),
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    const take = (chunk) => {
      output += chunk
      if (echo) process.stdout.write(chunk)
    }
    child.stdout.on("data", take)
    child.stderr.on("data", take)
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("error", (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolvePromise(output)
      else {
        const error = new Error(
          `${command} ${args.join(" ")} (in ${cwd}) exited with ${signal ?? code}\n${output}`
        )
        error.output = output
        reject(error)
      }
    })
  })

/** Times a step and prints `✓ name (1.2 s)` or `✗ name` with the failure. */
export const step = async (name, body) => {
  const started = performance.now()
  try {
    const result = await body()
    console.log(`✓ ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
    return result
  } catch (error) {
    console.log(`✗ ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`)
    throw error
  }
}

/** Runs a check script's main, printing its total time; any failure exits with 1. */
export const main = (name, body) => {
  const started = performance.now()
  body().then(
    () => console.log(`${name}: passed in ${((performance.now() - started) / 1000).toFixed(1)} s`),
    (error) => {
      console.error(error instanceof Error ? error.message : error)
      console.error(`${name}: FAILED after ${((performance.now() - started) / 1000).toFixed(1)} s`)
      process.exit(1)
    }
  )
}

/**
 * The packed tarballs, packing first unless `FAULTLINE_PACKED=1` says a previous step of the same
 * run already did (`scripts/check-release.mjs` sets it).
 */
export const ensurePacks = async () => {
  const packages = publicPackages()
  if (process.env.FAULTLINE_PACKED !== "1" || !packages.every((p) => existsSync(tarballOf(p)))) {
    await pack(packages)
  }
  return packages.map((pkg) => ({ ...pkg, tarball: tarballOf(pkg) }))
}

/**
 * Packs every public package with `pnpm pack` (its `prepack` builds it through turbo, so the tarball
 * always holds a fresh `dist`; `workspace:` ranges become real versions).
 */
export const pack = async (packages = publicPackages()) => {
  const { rmSync, mkdirSync } = await import("node:fs")
  rmSync(packsDir, { recursive: true, force: true })
  mkdirSync(packsDir, { recursive: true })
  // One build of everything first (cached by turbo), so each prepack is a cache hit.
  await step("build (turbo)", () =>
    run("pnpm", ["exec", "turbo", "run", "build", "--filter=./packages/*", "--output-logs=errors-only"])
  )
  await step(`pack ${packages.length} packages`, async () => {
    for (const pkg of packages) await run("pnpm", ["pack", "--pack-destination", packsDir], { cwd: pkg.dir })
  })
  for (const pkg of packages) {
    if (!existsSync(tarballOf(pkg))) throw new Error(`pnpm pack left no ${tarballOf(pkg)}`)
  }
}
