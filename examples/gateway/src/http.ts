// What both twins (Express and Nest on Express) share at the HTTP edge: request ids, the faultline
// response options, the problem extension carrying an order id, and the problems of the gateway's own
// errors (a bad body, a name outside our zones), in the same shape as faultline's.
import { randomUUID } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { type FailureDescription, negotiateLocale, type ResponseOptions } from "@faultline/core"
import { InvalidCertificateRequest, NameOutsideZones, OrderStepFailed } from "./certificates.js"
import type { GatewaySettings } from "./settings.js"

const requestIds = new WeakMap<object, string>()
const wellFormed = /^[A-Za-z0-9._~:-]{1,128}$/

/** Our request id: the caller's `X-Request-Id` when well-formed, else a new UUID; on every answer. */
export const assignRequestId = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
  const incoming = req.headers["x-request-id"]
  const id = typeof incoming === "string" && wellFormed.test(incoming) ? incoming : randomUUID()
  requestIds.set(req, id)
  res.setHeader("X-Request-Id", id)
  next()
}

export const requestIdOf = (req: object): string | undefined => requestIds.get(req)

/** The options of `upstreamErrorHandler` and `FaultlineModule`: the same for both twins. */
export const responseOptions = (settings: GatewaySettings): ResponseOptions<IncomingMessage> => ({
  requestId: requestIdOf,
  onFailure: (description: FailureDescription, { requestId, status }) =>
    settings.log({ msg: "upstream failure", ...description, requestId, status })
})

/**
 * Adds RFC 9457 extension members to the problem the faultline adapter is about to write on this
 * response (both adapters end with Express's `res.json(body)` after setting
 * `Content-Type: application/problem+json`). The adapters have no option for extension members, so
 * the gateway wraps `res.json` for this one response; other bodies pass untouched.
 */
export const extendProblem = (
  res: ServerResponse & { json?: (body: unknown) => unknown },
  members: Readonly<Record<string, unknown>>
): void => {
  const json = res.json
  if (typeof json !== "function") return
  res.json = function (this: unknown, body: unknown) {
    const type = String(res.getHeader("content-type") ?? "")
    const problem = type.startsWith("application/problem+json") && typeof body === "object" && body !== null
    return json.call(this, problem ? { ...body, ...members } : body)
  }
}

/** For a failure after the order was placed: its id goes into the problem as `orderId`. */
export const orderIdOnProblem = (res: ServerResponse, error: unknown): void => {
  if (error instanceof OrderStepFailed) extendProblem(res, { orderId: error.orderId })
}

const text = {
  en: {
    invalid: {
      title: "Invalid request",
      detail: "The request is not a certificate request this service can take.",
      commonName: "commonName must be a DNS host name such as shop.example.jp.",
      csr: "csr must be a PEM certificate signing request (BEGIN CERTIFICATE REQUEST)."
    },
    outside: {
      title: "Domain not managed here",
      detail: "The name is in none of the DNS zones this service manages, so domain control cannot be proven."
    }
  },
  ja: {
    invalid: {
      title: "リクエストが正しくありません",
      detail: "このサービスで受け付けられる証明書リクエストではありません。",
      commonName: "commonName には shop.example.jp のような DNS ホスト名を指定してください。",
      csr: "csr には PEM 形式の証明書署名要求 (BEGIN CERTIFICATE REQUEST) を指定してください。"
    },
    outside: {
      title: "管理対象外のドメインです",
      detail:
        "この名前はこのサービスが管理する DNS ゾーンのいずれにも含まれないため、ドメイン認証を行えません。"
    }
  }
} as const

export interface OwnProblem {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: Record<string, unknown>
}

/** The problem for the gateway's own errors; `undefined` for anything else. */
export const ownProblem = (error: unknown, req: IncomingMessage): OwnProblem | undefined => {
  const words = text[negotiateLocale(req.headers["accept-language"])]
  const instance = requestIdOf(req)
  const headers = { "content-type": "application/problem+json; charset=utf-8", "cache-control": "no-store" }
  const base = (status: number, code: string, title: string, detail: string) => ({
    type: `urn:faultline:problem:${code}`,
    title,
    status,
    detail,
    ...(instance !== undefined ? { instance } : {}),
    code
  })
  if (error instanceof InvalidCertificateRequest) {
    const body = {
      ...base(400, "invalid_input", words.invalid.title, words.invalid.detail),
      errors: error.fields.map((field) => ({
        pointer: `/${field}`,
        code: "invalid",
        detail: words.invalid[field]
      }))
    }
    return { status: 400, headers, body }
  }
  if (error instanceof NameOutsideZones) {
    return {
      status: 422,
      headers,
      body: base(422, "unprocessable", words.outside.title, words.outside.detail)
    }
  }
  return undefined
}
