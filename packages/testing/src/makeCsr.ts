import { execFile } from "node:child_process"
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"

/** openssl is missing, or refused to make the request. */
export class CsrToolError extends Error {
  override readonly name = "CsrToolError"
}

export interface MakeCsrOptions {
  /** The key type: a P-256 key (fast, the default) or RSA 2048 (what most servers use). */
  readonly key?: "ec" | "rsa" | undefined
}

const keyArgs = (key: "ec" | "rsa") =>
  key === "rsa" ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]

/**
 * A real PKCS#10 certificate request for `commonName` with a fresh key (thrown away), made with
 * `openssl req`: the CertCentral simulator parses CSRs as DigiCert does, and matches orders by
 * their public key, so tests need real ones. Rejects with {@link CsrToolError} when openssl is
 * missing or fails.
 */
export const makeCsr = async (commonName: string, options: MakeCsrOptions = {}): Promise<string> => {
  if (!/^[A-Za-z0-9.*_-]{1,64}$/.test(commonName)) throw new CsrToolError(`not a host name: ${commonName}`)
  const dir = await mkdtemp(join(tmpdir(), "faultline-csr-"))
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(
        "openssl",
        ["req", "-new", ...keyArgs(options.key ?? "ec"), "-nodes", "-subj", `/CN=${commonName}`].concat([
          "-keyout",
          join(dir, "key.pem"),
          "-out",
          join(dir, "csr.pem")
        ]),
        (error, _stdout, stderr) =>
          error === null
            ? resolve()
            : reject(
                new CsrToolError(
                  (error as { code?: unknown }).code === "ENOENT"
                    ? "openssl was not found on PATH: makeCsr makes real certificate requests with it"
                    : `openssl req failed: ${String(stderr).trim()}`
                )
              )
      )
    )
    return await readFile(join(dir, "csr.pem"), "utf8")
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
