// What every benchmark writes the same way: the machine line, package versions, and its own marked
// section of the root BENCHMARKS.md (`<!-- <name>:start -->` … `<!-- <name>:end -->`).
import { readFileSync, writeFileSync } from "node:fs"
import { cpus, loadavg, totalmem, type } from "node:os"
import { fileURLToPath } from "node:url"

const file = fileURLToPath(new URL("../BENCHMARKS.md", import.meta.url))

/** The installed version of a package of this workspace, or `?`. */
export const version = (pkg) => {
  try {
    const path = fileURLToPath(new URL(`node_modules/${pkg}/package.json`, import.meta.url))
    return JSON.parse(readFileSync(path, "utf8")).version
  } catch {
    return "?"
  }
}

/** OS, cores and CPU model, memory, load average now (a shared machine) and Node's version. */
export const machine = () => {
  const cpu = cpus()
  const load = loadavg()
    .map((n) => n.toFixed(1))
    .join(" / ")
  return `${type()} ${cpu.length} × ${cpu[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${load} at the end (a shared machine); Node ${process.version}`
}

/** Replaces (or appends) the `name` section of BENCHMARKS.md with `body` (without the markers). */
export const writeSection = (name, body) => {
  const section = `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`
  let text
  try {
    text = readFileSync(file, "utf8")
  } catch {
    text = "# Benchmarks\n\nFigures written by `pnpm bench`; each section by its own script.\n\n"
  }
  const marked = new RegExp(`<!-- ${name}:start -->[\\s\\S]*<!-- ${name}:end -->`)
  text = marked.test(text) ? text.replace(marked, () => section) : `${text.trimEnd()}\n\n${section}\n`
  writeFileSync(file, text)
}

/** The median of numbers. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** The `q` quantile of numbers (nearest rank). */
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]
}
