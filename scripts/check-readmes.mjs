// Every TypeScript code block of the READMEs (root and packages/*), extracted and type-checked with
// `tsc --strict` against the packed packages installed in a fresh npm project, so an example that
// stops compiling fails the build.
//
// - Each block is its own module. A block whose first line is `// name.ts` is written as that file,
//   so the blocks of one README can import each other (`./zones.js`).
// - An HTML comment right before a block, `<!-- check: ... -->`, is prepended to it (invisible on
//   GitHub and npm): declarations of what a fragment takes from its surroundings, e.g.
//   `<!-- check: declare const app: import("express").Express -->`.
// - Blocks tagged `ts` or `typescript` are checked; use `text` for pseudo-code.
import { readFileSync, rmSync } from "node:fs"
import { join, relative } from "node:path"
import { catalog, createProject, tsc } from "./consumers.mjs"
import { ensurePacks, main, publicPackages, root, step } from "./lib.mjs"

// READMEs whose examples still fail and are being reworked by their owners: their errors are
// printed as warnings. Remove a README from here once its examples compile. (None now: the testing
// README's examples compile since its test examples got the test tools below.)
const pending = new Set([])

const readmes = () => [join(root, "README.md"), ...publicPackages().map((p) => join(p.dir, "README.md"))]

/** The checked blocks of a README: `{ code, line, prelude, name }`. */
export const blocksOf = (text) => {
  const lines = text.split("\n")
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)\s*$/.exec(lines[i])
    if (!open) continue
    const start = i + 1
    let end = start
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++
    let before = i - 1
    while (before >= 0 && lines[before].trim() === "") before--
    const comment = /^<!--\s*check:([\s\S]*?)-->\s*$/.exec(lines[before] ?? "")
    const code = lines.slice(start, end).join("\n")
    const name = /^\/\/ ([\w.-]+\.ts)\b/.exec(lines[start] ?? "")?.[1]
    blocks.push({ code, line: start + 1, prelude: comment ? comment[1].trim() : "", name })
    i = end
  }
  return blocks
}

main("check-readmes", async () => {
  const packs = await ensurePacks()
  const files = {}
  const origin = new Map() // file -> { readme, line, offset }
  let count = 0
  for (const readme of readmes()) {
    const folder =
      relative(root, readme)
        .replace(/README\.md$/, "")
        .replace(/\/$/, "") || "root"
    for (const [n, block] of blocksOf(readFileSync(readme, "utf8")).entries()) {
      const file = `src/${folder.replace(/\//g, "-")}/${block.name ?? `block-${n + 1}.ts`}`
      const isModule = /^\s*(import|export)\s/m.test(block.code)
      const prelude = block.prelude ? `${block.prelude}\n` : ""
      files[file] = `${prelude}${block.code}\n${isModule ? "" : "export {}\n"}`
      origin.set(file, {
        readme: relative(root, readme),
        line: block.line,
        offset: prelude.split("\n").length - 1
      })
      count++
    }
  }
  files["tsconfig.json"] = `${JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        target: "ES2022",
        lib: ["ES2022", "DOM"],
        types: ["node"],
        module: "nodenext",
        moduleResolution: "nodenext",
        noEmit: true,
        skipLibCheck: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true
      },
      include: ["src"]
    },
    null,
    2
  )}\n`

  const dir = await step("npm install (every package, its peers, the frameworks)", () =>
    createProject({
      name: "readmes",
      type: "module",
      packages: packs,
      dependencies: {
        "@nestjs/platform-express": "^12.0.0",
        "@nestjs/platform-fastify": "^12.0.0",
        // The Redis wiring the vendor READMEs show (a budget shared by replicas).
        "@effect/platform-node": catalog("@effect/platform-node"),
        redis: catalog("redis")
      },
      devDependencies: {
        // The testing README's examples are tests of an app: vitest, supertest, Nest's testing module.
        vitest: catalog("vitest"),
        supertest: catalog("supertest"),
        "@types/supertest": catalog("@types/supertest"),
        "@nestjs/testing": catalog("@nestjs/testing"),
        typescript: catalog("typescript"),
        "@types/node": catalog("@types/node"),
        "@types/express": catalog("@types/express")
      },
      files
    })
  )
  try {
    await step(`tsc --strict on ${count} README code blocks`, async () => {
      try {
        await tsc(dir, "tsconfig.json")
      } catch (error) {
        // Point each error at its README line; errors of pending READMEs are only warnings.
        const failing = []
        const warnings = []
        for (const entry of (error.output ?? "").split(/\n(?=\S)/)) {
          const match = /^(src\/[^(]+)\((\d+),(\d+)\)/.exec(entry)
          const where = match ? origin.get(match[1]) : undefined
          if (!where) {
            if (/error TS\d+/.test(entry)) failing.push(entry)
            continue
          }
          const line = where.line + Number(match[2]) - 1 - where.offset
          const located = entry.replace(match[0], `${where.readme}:${line}:${match[3]}`)
          ;(pending.has(where.readme) ? warnings : failing).push(located)
        }
        if (warnings.length > 0) {
          console.log(
            `  warning: ${warnings.length} errors in READMEs pending rework (${[...pending].join(", ")}):`
          )
          for (const w of warnings) console.log(`    ${w.replace(/\n/g, "\n    ")}`)
        }
        if (failing.length > 0) throw new Error(failing.join("\n"))
        // tsc failed with errors in pending READMEs only, or for a reason of its own.
        if (warnings.length === 0) throw error
      }
    })
  } finally {
    if (process.env.FAULTLINE_KEEP_CONSUMERS !== "1") rmSync(dir, { recursive: true, force: true })
    else console.log(`  (project kept in ${dir})`)
  }
})
