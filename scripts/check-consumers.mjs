// Consumer smoke tests: what a user gets from npm, outside the workspace. Fresh npm projects
// install the packed tarballs and their peers from the registry (nothing from the monorepo):
//   express:          core + certcentral + express-adapter on Express 5, ESM;
//   nest-11, nest-12: core + do-api + nest-adapter on that Nest major (platform-express), ESM, one
//                     source (scripts/consumers/nest);
//   cjs:              every package (dpf included) from a CommonJS project through require().
// Each project checks the framework major it actually installed.
// Each compiles with `tsc --strict` under NodeNext and under Bundler resolution, then the app starts
// and one upstream failure (a tiny node:http upstream inside the app) is asserted over real HTTP.
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { catalog, copyInto, createProject, tsc, tsconfig } from "./consumers.mjs"
import { ensurePacks, main, root, run, step } from "./lib.mjs"

// Entry points that hold types only (the frontend's problem document): they load, and export nothing.
const typesOnly = new Set(["@faultline/core/problem"])
const templates = join(root, "scripts", "consumers")

const tools = () => ({
  typescript: catalog("typescript"),
  "@types/node": catalog("@types/node")
})

/** Starts `node dist/app.js`, waits for `LISTENING <port> ...`, runs `check`, stops the app. */
const serve = (dir, entry, check) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const timer = setTimeout(() => finish(new Error(`the app did not start in 60 s:\n${output}`)), 60_000)
    const finish = (error, value) => {
      clearTimeout(timer)
      child.kill("SIGTERM")
      if (error) reject(new Error(`${error.message}\n--- app output ---\n${output}`))
      else resolve(value)
    }
    child.stderr.on("data", (chunk) => {
      output += chunk
    })
    child.stdout.on("data", (chunk) => {
      output += chunk
      const match = /LISTENING (\d+)(?: (\S+))?/.exec(output)
      if (match && !child.started) {
        child.started = true
        check(`http://127.0.0.1:${match[1]}`, match[2]).then(
          (value) => finish(undefined, value),
          (error) => finish(error)
        )
      }
    })
    child.on("exit", (code) => {
      if (!child.started) finish(new Error(`the app exited with ${code} before listening`))
    })
  })

const expectEqual = (actual, expected, what) => {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}

/** GET url and check that it is a problem+json with the given status and code. */
const expectProblem = async (url, { status, code, headers = {} }) => {
  const res = await fetch(url, { headers })
  const body = await res.json()
  expectEqual(res.status, status, `${url} status`)
  if (!res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`${url}: content-type ${res.headers.get("content-type")}`)
  }
  expectEqual(body.code, code, `${url} problem code`)
  expectEqual(res.headers.get("x-request-id"), body.instance, `${url} X-Request-Id is the instance`)
  return { res, body }
}

/** Fails unless the project installed `pkg` at the given major (npm resolved what we asked for). */
const expectMajor = (dir, pkg, major) => {
  const { version } = JSON.parse(readFileSync(join(dir, "node_modules", pkg, "package.json"), "utf8"))
  expectEqual(version.split(".")[0], String(major), `installed ${pkg} ${version}: major`)
}

/** GET url and check the status of an answer without a body (an Effect that succeeded with nothing). */
const expectStatus = async (url, status) => {
  const res = await fetch(url)
  await res.arrayBuffer()
  expectEqual(res.status, status, `${url} status`)
}

/** A Nest app on platform-express at one Nest major, from the same source (scripts/consumers/nest). */
const nestProject = (packages, major) => ({
  name: `nest-${major}`,
  template: "nest",
  type: "module",
  packages,
  // After the adapter's peers (`^11.0.0 || ^12.0.0`), so these pin the major under test.
  dependencies: Object.fromEntries(
    ["@nestjs/common", "@nestjs/core", "@nestjs/platform-express"].map((pkg) => [pkg, `^${major}.0.0`])
  ),
  devDependencies: tools(),
  options: { experimentalDecorators: true, emitDecoratorMetadata: true },
  check: async (dir) => {
    for (const pkg of ["@nestjs/common", "@nestjs/core", "@nestjs/platform-express"])
      expectMajor(dir, pkg, major)
    return serve(dir, "dist/app.js", async (base, upstreamRequestId) => {
      const { res } = await expectProblem(`${base}/zones/example.jp/records`, {
        status: 404,
        code: "not_found"
      })
      expectEqual(res.headers.get("x-upstream-request-id"), upstreamRequestId, "X-Upstream-Request-Id")
      await expectStatus(`${base}/health/quiet`, 204)
      await expectStatus(`${base}/health/chosen`, 200)
    })
  }
})

const compile = async (dir) => {
  await tsc(dir, "tsconfig.nodenext.json")
  await tsc(dir, "tsconfig.bundler.json")
}

const projects = (packs) => {
  const pick = (...folders) => folders.map((f) => packs.find((p) => p.folder === f))
  const nestOptions = { experimentalDecorators: true, emitDecoratorMetadata: true }
  return [
    {
      name: "express",
      type: "module",
      packages: pick("core", "certcentral", "express-adapter"),
      dependencies: { express: "^5.0.0" },
      devDependencies: { ...tools(), "@types/express": catalog("@types/express") },
      options: {},
      check: async (dir) => {
        expectMajor(dir, "express", 5)
        return serve(dir, "dist/app.js", (base) =>
          expectProblem(`${base}/certificates/12345`, { status: 404, code: "not_found" })
        )
      }
    },
    nestProject(pick("core", "do-api", "nest-adapter"), 11),
    nestProject(pick("core", "do-api", "nest-adapter"), 12),
    {
      name: "cjs",
      type: "commonjs",
      packages: packs,
      dependencies: { "@nestjs/platform-express": "^12.0.0" },
      devDependencies: { ...tools(), "@types/express": catalog("@types/express") },
      options: nestOptions,
      check: async (dir) => {
        const entries = packs.flatMap((p) =>
          Object.keys(p.manifest.exports)
            .filter((sub) => sub !== "./package.json")
            .map((sub) => (sub === "." ? p.name : `${p.name}/${sub.slice(2)}`))
            .map((entry) => (typesOnly.has(entry) ? `types:${entry}` : entry))
        )
        await run("node", ["src/require-all.cjs", ...entries], { cwd: dir, plainNpm: true })
        return serve(dir, "dist/app.js", async (base) => {
          const { res, body } = await expectProblem(`${base}/certificates/1`, {
            status: 503,
            code: "upstream_throttled",
            headers: { "accept-language": "ja" }
          })
          expectEqual(res.headers.get("retry-after"), "5", "Retry-After")
          expectEqual(body.title, "証明書サービスが混雑しています", "Japanese title")
        })
      }
    }
  ]
}

main("check-consumers", async () => {
  const packs = await ensurePacks()
  const all = projects(packs)
  // One install step for every project, in parallel, on npm's shared cache.
  const dirs = await step(`npm install (${all.length} projects, in parallel)`, () =>
    Promise.all(
      all.map(async (project) => {
        const dir = await createProject({
          ...project,
          files: {
            "tsconfig.nodenext.json": tsconfig("nodenext", project.options),
            "tsconfig.bundler.json": tsconfig("bundler", project.options)
          }
        })
        copyInto(join(templates, project.template ?? project.name), dir)
        return dir
      })
    )
  )
  for (const [i, project] of all.entries()) console.log(`  ${project.name}: ${dirs[i]}`)
  // Two projects at a time (two cores): compile, then serve.
  const queue = [...all.keys()]
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await step(`${all[i].name}: tsc --strict (NodeNext, Bundler)`, () => compile(dirs[i]))
      await step(`${all[i].name}: app answers a mapped failure over HTTP`, () => all[i].check(dirs[i]))
    }
  }
  await Promise.all([worker(), worker()])
  if (process.env.FAULTLINE_KEEP_CONSUMERS !== "1") {
    const { rmSync } = await import("node:fs")
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
})
