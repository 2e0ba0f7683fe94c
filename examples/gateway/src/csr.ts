import { execFileSync } from "node:child_process"

/** openssl is missing, or refused to make the request. */
export class CsrToolError extends Error {
  override readonly name = "CsrToolError"
}

/**
 * A real PKCS#10 certificate request for `commonName` (RSA 2048, the key thrown away), made with
 * `openssl req`. The demo and the tests need real CSRs: the CertCentral simulator parses them as
 * DigiCert does.
 */
export const makeCsr = (commonName: string): string => {
  if (!/^[A-Za-z0-9.*-]{1,64}$/.test(commonName)) throw new CsrToolError(`not a host name: ${commonName}`)
  try {
    return execFileSync(
      "openssl",
      ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "/dev/null", "-subj", `/CN=${commonName}`],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }
    )
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "ENOENT"
    throw new CsrToolError(
      missing
        ? "openssl was not found on PATH: the gateway demo and tests make real certificate requests with it " +
            "(Debian/Ubuntu: apt-get install openssl; macOS has it)"
        : `openssl req failed: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`
    )
  }
}
