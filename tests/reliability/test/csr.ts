import { execFile } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"

const run = promisify(execFile)

/** A real CSR for `name` with a fresh P-256 key, made by openssl. */
export const makeCsr = async (name: string): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), "faultline-reliability-csr-"))
  try {
    await run("openssl", [
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-subj",
      `/CN=${name}`,
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "csr.pem")
    ])
    return readFileSync(join(dir, "csr.pem"), "utf8")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
