import { describeFailure, isUpstreamFailure, logSafeCode, toProblem } from "@faultline/core"
import { decodeError as decodeCertCentral } from "@faultline/certcentral"
import { decodeError as decodeDoApi } from "@faultline/do-api"
import { decodeError as decodeDpf } from "@faultline/dpf"
import { certCentralFixtures, doApiFixtures, dpfFixtures, dpfProxyFixtures } from "@faultline/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { long, report, sized } from "./mode.js"
import { measureRatio } from "./timing.js"

// Fuzzing every vendor decoder: generated responses (fast-check) and mutations of the real bodies of every
// documented code. Each input must decode without throwing, to the vendor's error or `undefined`
// (for a 2xx only), pollute no prototype, and give a problem and a log description that hold no
// unsanitised code. In the long mode each decoder sees well over 100k inputs.

interface Decoder {
  readonly name: string
  readonly tag: string
  readonly decode: (response: { status: unknown; headers?: unknown; body?: unknown }) => unknown
  readonly bodies: ReadonlyArray<string>
  /** Whether `undefined` is a legal answer for this status. */
  readonly mayBeUndefined: (status: unknown) => boolean
}

const is2xx = (status: unknown) =>
  typeof status === "number" && Number.isInteger(status) && status >= 200 && status <= 299

const successBodies = {
  certcentral: [
    JSON.stringify({ id: 1234, certificate_id: 99, requests: [{ id: 5, status: "pending" }] }),
    JSON.stringify({ orders: [{ id: 1, status: "issued" }], page: { total: 1, limit: 10, offset: 0 } })
  ],
  doApi: [
    JSON.stringify({ RequestId: "a1b2c3d4", ZoneList: ["example.jp"] }),
    JSON.stringify({ RequestId: "a1b2c3d4", Record: { Id: "r1", Owner: "www", TTL: "300" } })
  ],
  dpf: [
    JSON.stringify({
      request_id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
      jobs_url: "https://example.invalid/jobs/x"
    }),
    JSON.stringify({ request_id: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", status: "FAILED", error_type: "x" })
  ]
}

const decoders: ReadonlyArray<Decoder> = [
  {
    name: "certcentral",
    tag: "CertCentralError",
    decode: (r) => decodeCertCentral(r as never, { now: 0 }),
    bodies: [...certCentralFixtures.map((f) => f.body), ...successBodies.certcentral],
    mayBeUndefined: is2xx
  },
  {
    name: "do-api",
    tag: "DoApiError",
    decode: (r) => decodeDoApi(r as never, { now: 0 }),
    bodies: [...doApiFixtures.map((f) => f.body), ...successBodies.doApi],
    mayBeUndefined: is2xx
  },
  {
    name: "dpf",
    tag: "DpfError",
    decode: (r) => decodeDpf(r as never, { now: 0 }),
    bodies: [...[...dpfFixtures, ...dpfProxyFixtures].map((f) => f.body), ...successBodies.dpf],
    mayBeUndefined: is2xx
  }
]

// --- generated responses -------------------------------------------------------------------------

const status = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 100, max: 599 }) },
  fc.constantFrom(200, 201, 400, 403, 404, 429, 500, 502, 503, 505),
  fc.constantFrom(0, -1, 1e9, Number.NaN, Number.POSITIVE_INFINITY, 200.5, "200", null, undefined)
)

const headerValues = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom("0", "-1", "1e309", "Wed, 21 Oct 2015 07:28:00 GMT", "  120  ", "")
)

const headers = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    fc.constantFrom("retry-after", "Retry-After", "RETRY-AFTER", "x-other", "__proto__"),
    headerValues
  ),
  headerValues.map((v) => new Headers({ "retry-after": v.replace(/[^\x20-\x7e]/g, "") })),
  fc.anything()
)

const codeLike = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "invalid_value:",
    "required_param: organization.id ",
    "not_found | order",
    "access_denied|",
    "__proto__",
    "constructor",
    "RecordValidateError",
    "RequestRunning",
    "hasOwnProperty"
  ),
  fc
    .tuple(fc.constantFrom("invalid_value", "invalid_chars", "caa_check_failed|"), fc.string())
    .map(([a, b]) => `${a}:${b}`)
)

const certCentralShaped = fc
  .array(fc.record({ code: codeLike, message: fc.anything() }, { requiredKeys: [] }), { maxLength: 5 })
  .chain((errors) =>
    fc.constantFrom<unknown>(
      { errors },
      { errors: errors[0] ?? {} },
      { errors: "x" },
      JSON.stringify({ errors })
    )
  )

const doApiShaped = fc
  .record(
    {
      RequestId: fc.oneof(fc.string(), fc.anything()),
      ErrorType: codeLike,
      ErrorMessage: fc.anything(),
      ErrorDetail: fc.record({
        ErrorList: fc.array(
          fc.record(
            { Line: fc.anything(), ErrorCode: codeLike, MonitoringType: fc.string(), Address: fc.string() },
            { requiredKeys: [] }
          ),
          { maxLength: 5 }
        )
      })
    },
    { requiredKeys: [] }
  )
  .chain((e) => fc.constantFrom<unknown>({ ErrorResponse: e }, JSON.stringify({ ErrorResponse: e })))

const bodyOf = (shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    shaped,
    fc.string(),
    fc.json(),
    fc.jsonValue(),
    fc.anything({ withObjectString: true, withNullPrototype: true, withMap: true, withTypedArray: true }),
    fc.uint8Array({ maxLength: 200 }),
    fc.constantFrom("", " ", "null", "<html>502</html>", "{", '{"errors":', "\uFEFF{}", "[]", "{}")
  )

// --- mutations of real bodies --------------------------------------------------------------------

const pollutions = [
  '"__proto__":{"polluted":"yes"},',
  '"constructor":{"prototype":{"polluted":"yes"}},',
  '"__proto__":[1,2,3],',
  '"toString":"x","valueOf":1,'
]

/** One random mutation of a body: truncation, insertion, deletion, duplication, pollution, nesting. */
const mutate = (body: string, rnd: () => number): string => {
  const at = (n: number) => Math.floor(rnd() * n)
  const i = at(body.length + 1)
  switch (at(9)) {
    case 0:
      return body.slice(0, i)
    case 1:
      return body.slice(0, i) + String.fromCharCode(at(0x3000)) + body.slice(i)
    case 2:
      return body.slice(0, i) + body.slice(i + 1 + at(20))
    case 3:
      return body.slice(0, i) + body.slice(at(body.length)) + body.slice(i)
    case 4: {
      const brace = body.indexOf("{", i)
      const p = pollutions[at(pollutions.length)] ?? ""
      return brace === -1 ? body : body.slice(0, brace + 1) + p + body.slice(brace + 1)
    }
    case 5: {
      const depth = 1 + at(3000)
      return "[".repeat(depth) + body + "]".repeat(at(2) === 0 ? depth : 0)
    }
    case 6:
      return body.replace(/"(code|ErrorType|ErrorCode)":"[^"]*"/, `"$1":"${"x@y.z ".repeat(at(50))}"`)
    case 7:
      return body.replace(/"[^"]*"/g, (m) => (rnd() < 0.2 ? JSON.stringify(m.repeat(1 + at(4))) : m))
    default:
      return body.replace(/[{}[\],:]/, () => '{}[],:"\\'[at(7)] ?? "")
  }
}

const protoKeys = () => [
  Object.getOwnPropertyNames(Object.prototype).join(","),
  Object.getOwnPropertyNames(Array.prototype).join(",")
]
const cleanProto = protoKeys()

// Everything each input must satisfy.
const check = (decoder: Decoder, response: { status: unknown; headers?: unknown; body?: unknown }) => {
  let result: unknown
  try {
    result = decoder.decode(response)
  } catch (error) {
    throw new Error(
      `${decoder.name} threw on ${JSON.stringify(String(response.body)).slice(0, 200)}: ${error}`
    )
  }
  if (result === undefined) {
    if (!decoder.mayBeUndefined(response.status)) throw new Error(`${decoder.name}: undefined for a non-2xx`)
  } else {
    if (!isUpstreamFailure(result) || (result as { _tag?: unknown })._tag !== decoder.tag) {
      throw new Error(`${decoder.name}: not its error: ${String(result)}`)
    }
    const description = describeFailure(result)
    if (description.code !== logSafeCode(description.code))
      throw new Error(`unsanitised code ${description.code}`)
    const problem = toProblem(result, { exposeUpstreamCodes: true })
    if (problem.body.upstream && /[@#\s]/.test(problem.body.upstream.code)) {
      throw new Error(`unsanitised downstream code ${problem.body.upstream.code}`)
    }
  }
  if (({} as Record<string, unknown>).polluted !== undefined || protoKeys().join() !== cleanProto.join()) {
    throw new Error(`${decoder.name}: a prototype was polluted`)
  }
}

const generatedRuns = sized(1_500, 60_000)
const mutationRuns = sized(1_500, 60_000)

describe.each(decoders)("fuzzing the $name decoder", (decoder) => {
  it(`decodes ${generatedRuns} generated responses totally`, () => {
    const shaped = decoder.name === "certcentral" ? certCentralShaped : doApiShaped
    const started = process.cpuUsage()
    fc.assert(
      fc.property(status, headers, bodyOf(shaped), (s, h, b) => {
        check(decoder, { status: s, headers: h, body: b })
      }),
      { numRuns: generatedRuns }
    )
    report(`${decoder.name} generated`, { inputs: generatedRuns, cpuMs: cpuMs(started) })
  })

  it(`decodes ${mutationRuns} mutations of the real bodies totally`, () => {
    const started = process.cpuUsage()
    let inputs = 0
    fc.assert(
      fc.property(
        fc.constantFrom(...decoder.bodies),
        fc.integer({ min: 1, max: 4 }),
        status,
        fc.integer(),
        (body, rounds, s, seed) => {
          const rnd = mulberry32(seed)
          let mutated = body
          for (let r = 0; r < rounds; r++) mutated = mutate(mutated, rnd)
          check(decoder, { status: s, body: mutated })
          check(decoder, { status: s, body: new TextEncoder().encode(mutated) })
          inputs += 2
        }
      ),
      { numRuns: mutationRuns / 2 }
    )
    report(`${decoder.name} mutations`, { inputs, cpuMs: cpuMs(started) })
  })

  // Timing is relative to JSON.parse of the same text (a ratio, medians of several runs), on
  // adversarial inputs; asserted in the long mode only, where nothing else runs.
  it("decodes no adversarial input much slower than JSON.parse reads it", () => {
    const base = decoder.bodies.find((body) => body.startsWith("{")) ?? "{}"
    const big = (n: number) =>
      decoder.name === "certcentral"
        ? JSON.stringify({
            errors: Array.from({ length: n }, (_, i) => ({ code: `code_${i}`, message: "m".repeat(50) }))
          })
        : JSON.stringify({
            ErrorResponse: {
              ErrorType: "RecordValidateError",
              ErrorDetail: {
                ErrorList: Array.from({ length: n }, (_, i) => ({ Line: `l${i}`, ErrorCode: `E_${i}` }))
              }
            }
          })
    const inputs: ReadonlyArray<readonly [string, string]> = [
      ["many entries", big(20_000)],
      [
        "one huge string",
        JSON.stringify({
          errors: "x".repeat(2_000_000),
          ErrorResponse: { ErrorMessage: "y".repeat(2_000_000) }
        })
      ],
      ["deep nesting", `${"[".repeat(5_000)}${base}${"]".repeat(5_000)}`],
      ["huge padding", base.replace("{", `{"padding":${JSON.stringify("p".repeat(1_000_000))},`)],
      [
        "wide object",
        JSON.stringify(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i])))
      ],
      ["html page", `<html>${"<p>x</p>".repeat(200_000)}</html>`],
      ["truncated", big(20_000).slice(0, -7)]
    ]
    const figures: Record<string, number> = {}
    const batches = sized(3, 9)
    for (const [name, text] of inputs) {
      figures[name] = measureRatio(
        () => decoder.decode({ status: 400, body: text }),
        () => {
          try {
            JSON.parse(text)
          } catch {
            // failing to parse is what JSON.parse does with it
          }
        },
        batches
      )
    }
    report(`${decoder.name} decode/JSON.parse ratios`, figures)
    if (long) for (const [name, ratio] of Object.entries(figures)) expect(ratio, name).toBeLessThan(maxRatio)
  })
})

/** The bound of decode time over JSON.parse time, generous for a shared machine. */
const maxRatio = 25

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since)
  return Math.round((used.user + used.system) / 1000)
}

// A small seeded generator, so a failing mutation replays from fast-check's seed.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
