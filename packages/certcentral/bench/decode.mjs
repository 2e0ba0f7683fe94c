// decodeError throughput next to JSON.parse alone on the same bodies. Run: pnpm --filter @faultline/certcentral bench
import { performance } from "node:perf_hooks"
import { decodeError } from "../dist/index.js"

const json = (errors) => JSON.stringify({ errors })
const cases = [
  [
    "one documented code",
    400,
    json([{ code: "invalid_dns_txt", message: "No valid DNS TXT record was found." }])
  ],
  ["429 request_limit_exceeded", 429, json([{ code: "request_limit_exceeded", message: "Slow down." }])],
  ["parameterised code", 400, json([{ code: "invalid_value:dcv_method", message: "Invalid value." }])],
  [
    "five entries",
    400,
    json(
      [
        "rfc5280_common_name_too_long",
        "invalid_chars:common_name",
        "not_found|order",
        "odd_code",
        "pending_reissue"
      ].map((code) => ({ code, message: "Some message from DigiCert." }))
    )
  ],
  ["unknown code", 400, json([{ code: "brand_new_code", message: "?" }])],
  ["HTML error page", 502, `<html><body>${"<p>Bad gateway</p>".repeat(50)}</body></html>`],
  ["empty body", 503, ""]
]

const parseOnly = (body) => {
  try {
    return JSON.parse(body)
  } catch {
    return undefined
  }
}

const measure = (fn, minMs = 400) => {
  for (let i = 0; i < 2000; i++) fn() // warm up
  let n = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < minMs) {
    for (let i = 0; i < 500; i++) fn()
    n += 500
    elapsed = performance.now() - start
  }
  return (n / elapsed) * 1000
}

const fmt = (x) => Math.round(x).toLocaleString("en-US").padStart(12)
console.log(`${"body".padEnd(28)} ${"decodeError/s".padStart(14)} ${"JSON.parse/s".padStart(14)}  ratio`)
let sumDecode = 0
let sumParse = 0
for (const [name, status, body] of cases) {
  const decode = measure(() => decodeError({ status, body }))
  const parse = measure(() => parseOnly(body))
  sumDecode += 1 / decode
  sumParse += 1 / parse
  console.log(`${name.padEnd(28)} ${fmt(decode)}   ${fmt(parse)}   ${(parse / decode).toFixed(1)}x slower`)
}
const hd = cases.length / sumDecode
const hp = cases.length / sumParse
console.log(`${"all (harmonic mean)".padEnd(28)} ${fmt(hd)}   ${fmt(hp)}   ${(hp / hd).toFixed(1)}x slower`)
