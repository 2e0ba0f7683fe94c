// Changesets, checked so that a release can happen from any green main:
// 1. `changeset status` (changesets' own check against main) parses the changesets into a plan;
// 2. `changeset version` succeeds on a throwaway copy of the repository, consumes every changeset and
//    writes a CHANGELOG entry for each version it bumps;
// 3. every public package changed since its last release is bumped by that version run (so a change
//    without a changeset fails even on a clean clone of main, where "changed since main" is nothing);
// 4. on a branch, every package the branch changes has a changeset the branch adds.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync
} from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { main, publicPackages, root, run, step } from "./lib.mjs"

const changesetBin = join(root, "node_modules", "@changesets", "cli", "bin.js")
const git = async (...args) => (await run("git", args)).trim()
const gitOrUndefined = (...args) => git(...args).catch(() => undefined)

// Files of a package that change what users get; tests, benchmarks and the changelog do not.
const ships = (folder) => (file) =>
  file.startsWith(`packages/${folder}/`) &&
  !/^packages\/[^/]+\/(test|bench)\//.test(file) &&
  !/\/(vitest\.config\.ts|CHANGELOG\.md)$/.test(file)

const versionAt = async (commit, file) => {
  const text = await gitOrUndefined("show", `${commit}:${file}`)
  return text === undefined ? undefined : JSON.parse(text).version
}

/**
 * The commit that released the package: the newest one that changed its version (what
 * `changeset version` does before a publish). `undefined` for a package never released: then every
 * commit counts as a change, and it needs a changeset for its first release.
 */
const lastRelease = async (folder) => {
  const file = `packages/${folder}/package.json`
  const commits = (await git("log", "--format=%H", "-G", '"version":', "--", file))
    .split("\n")
    .filter(Boolean)
  for (const commit of commits) {
    const before = await versionAt(`${commit}^`, file)
    if (before !== undefined && before !== (await versionAt(commit, file))) return commit
  }
  return undefined
}

const changedFiles = async (since) => {
  const committed =
    since === undefined ? await git("ls-files") : await git("diff", "--name-only", since, "HEAD")
  // Uncommitted work counts too when run locally.
  const local = await git("status", "--porcelain", "--untracked-files=all")
  return [...committed.split("\n"), ...local.split("\n").map((line) => line.slice(3))].filter(Boolean)
}

const mainRef = async () =>
  (await gitOrUndefined("rev-parse", "--verify", "-q", "origin/main")) ??
  (await gitOrUndefined("rev-parse", "--verify", "-q", "main"))

// `--since`: the main branch when the clone has one (changesets' own check then also fails when
// packages changed but no changeset exists at all), else HEAD (the plan alone is checked here).
const releasePlan = async () => {
  const since = (await mainRef()) ?? "HEAD"
  const dir = mkdtempSync(join(tmpdir(), "faultline-changesets-"))
  try {
    const output = join(dir, "status.json")
    const args = [changesetBin, "status", "--output", output, "--since", since]
    await run("node", args)
    return JSON.parse(readFileSync(output, "utf8"))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const sinceLastRelease = async (bumped) => {
  const planned = new Set(bumped.keys())
  const missing = []
  for (const pkg of publicPackages()) {
    const base = await lastRelease(pkg.folder)
    const changed = (await changedFiles(base)).filter(ships(pkg.folder))
    if (changed.length > 0 && !planned.has(pkg.name)) {
      missing.push(
        `${pkg.name} changed since ${base ? `its release in ${base.slice(0, 9)}` : "ever (never released)"} (${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", ..." : ""}) but no pending changeset releases it`
      )
    }
  }
  if (missing.length > 0) throw new Error(`${missing.join("\n")}\nAdd one with \`pnpm changeset\`.`)
}

/** The package names of a changeset's front matter (`"@faultline/core": minor`). */
const releasesOf = (text) => {
  const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? ""
  return [...front.matchAll(/^\s*["']?([^"':\s]+)["']?\s*:\s*(major|minor|patch)\s*$/gm)].map((m) => m[1])
}

/** On a branch off main: each package the branch changes needs a changeset the branch adds. */
const onBranch = async () => {
  const mainCommit = await mainRef()
  if (mainCommit === undefined) return "no main branch to compare with"
  const base = await git("merge-base", "HEAD", mainCommit)
  if (base === (await git("rev-parse", "HEAD"))) return "HEAD is on main"
  const changed = await changedFiles(base)
  const added = changed.filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && existsSync(join(root, f)))
  const covered = new Set(added.flatMap((f) => releasesOf(readFileSync(join(root, f), "utf8"))))
  const missing = publicPackages().filter((pkg) => changed.some(ships(pkg.folder)) && !covered.has(pkg.name))
  if (missing.length > 0) {
    throw new Error(
      `changed on this branch without a changeset of the branch: ${missing.map((p) => p.name).join(", ")}`
    )
  }
  return `branch off ${base.slice(0, 9)}`
}

/** Copies the working tree (tracked and new files, no ignored ones) and runs `changeset version` there. */
const versionOnCopy = async () => {
  const copy = mkdtempSync(join(tmpdir(), "faultline-version-"))
  try {
    const files = (await run("git", ["ls-files", "-co", "--exclude-standard", "-z"]))
      .split("\0")
      .filter(Boolean)
    for (const file of files) {
      if (!existsSync(join(root, file))) continue // deleted, not yet committed
      if (file === "node_modules" || file.startsWith("node_modules/")) continue // a symlinked install
      mkdirSync(dirname(join(copy, file)), { recursive: true })
      cpSync(join(root, file), join(copy, file))
    }
    // The changelog generator is resolved from the copy's .changeset folder.
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir")
    await run("node", [changesetBin, "version"], { cwd: copy })

    const problems = []
    const left = readdirSync(join(copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md")
    if (left.length > 0) problems.push(`changesets left after version: ${left.join(", ")}`)
    const bumped = new Map()
    for (const pkg of publicPackages()) {
      const manifest = JSON.parse(readFileSync(join(copy, "packages", pkg.folder, "package.json"), "utf8"))
      if (manifest.version === pkg.manifest.version) continue
      bumped.set(pkg.name, manifest.version)
      const changelog = join(copy, "packages", pkg.folder, "CHANGELOG.md")
      if (!existsSync(changelog) || !readFileSync(changelog, "utf8").includes(`## ${manifest.version}`)) {
        problems.push(`${pkg.name} has no CHANGELOG entry for ${manifest.version}`)
      }
    }
    if (problems.length > 0) throw new Error(problems.join("\n"))
    return bumped
  } finally {
    rmSync(copy, { recursive: true, force: true })
  }
}

main("check-changesets", async () => {
  if ((await gitOrUndefined("rev-parse", "--is-shallow-repository")) === "true") {
    throw new Error(
      "a shallow clone cannot tell what changed since the last release: clone with full history"
    )
  }
  // changesets' own check (against main, committed changesets only) and a valid release plan.
  await step("changeset status", () => releasePlan())
  const bumped = await step("changeset version on a throwaway copy", () => versionOnCopy())
  console.log(
    `  (would release ${[...bumped].map(([name, version]) => `${name}@${version}`).join(", ") || "nothing"})`
  )
  await step("every package changed since its last release has a changeset", () => sinceLastRelease(bumped))
  const branch = await step("every package changed on this branch has a changeset of the branch", () =>
    onBranch()
  )
  console.log(`  (${branch})`)
})
