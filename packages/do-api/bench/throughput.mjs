// Prints decodeError and sign throughput against the built dist. Figures only; nothing asserted.
import { decodeError, sign } from "../dist/index.js"

const measure = (name, iterations, f) => {
  for (let i = 0; i < Math.min(10_000, iterations); i++) f(i) // warm-up
  const start = process.hrtime.bigint()
  for (let i = 0; i < iterations; i++) f(i)
  const ns = Number(process.hrtime.bigint() - start)
  const perSecond = Math.round((iterations / ns) * 1e9)
  console.log(
    `${name.padEnd(44)} ${perSecond.toLocaleString("en-US").padStart(12)} ops/s  ${(ns / iterations / 1000).toFixed(2)} µs/op`
  )
}

const rid = "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c5d6-e7f8a9b0"
const running = JSON.stringify({
  ErrorResponse: { RequestId: rid, ErrorType: "RequestRunning", ErrorMessage: "Other request running." }
})
const parsedRunning = JSON.parse(running)
const validate = JSON.stringify({
  ErrorResponse: {
    RequestId: rid,
    ErrorType: "RecordValidateError",
    ErrorMessage: "x",
    ErrorDetail: {
      ErrorList: Array.from({ length: 20 }, (_, i) => ({
        Line: `www${i} 300 IN A 192.0.2.${i}\n`,
        ErrorCode: "RESERVED_V4ADDRESS"
      }))
    }
  }
})
const success = JSON.stringify({ RequestId: rid, ZoneList: ["example.jp", "example.com"] })
const credentials = { accessKey: "AKEXAMPLE", secretKey: "secret" }

measure("decodeError RequestRunning (string, 200)", 200_000, () =>
  decodeError({ status: 200, body: running })
)
measure("decodeError RequestRunning (parsed, 200)", 200_000, () =>
  decodeError({ status: 200, body: parsedRunning })
)
measure("decodeError RecordValidateError x20", 50_000, () => decodeError({ status: 200, body: validate }))
measure("decodeError success body", 200_000, () => decodeError({ status: 200, body: success }))
measure("decodeError status-only 404", 200_000, () => decodeError({ status: 404, body: "" }))
measure("sign GET zones", 200_000, (i) =>
  sign({ method: "GET", path: "/r/20140601/do0000001/zones.json" }, credentials, 1_700_000_000_000 + i)
)
measure("sign POST record (content-type)", 200_000, (i) =>
  sign(
    { method: "POST", path: "/r/20140601/do0000001/example.jp/record.json", contentType: "application/json" },
    credentials,
    1_700_000_000_000 + i
  )
)
