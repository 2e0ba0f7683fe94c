// What both twins (Express and Nest on Express) share at the HTTP edge: request ids (core's one
// rule), the faultline response options (with `extend` for the order id), and the problems of the
// gateway's own errors (a bad body, a name outside our zones, an order's zone gone), answered by
// faultline's `problem()`.
import type { IncomingMessage, ServerResponse } from "node:http"
import {
  type FailureDescription,
  type ProblemInput,
  requestIdFrom,
  type ResponseOptions
} from "@faultline/core"
import { InvalidCertificateRequest, NameOutsideZones, OrderStepFailed } from "./certificates.js"
import { ZoneGone } from "./dns.js"
import type { GatewaySettings } from "./settings.js"

const requestIds = new WeakMap<object, string>()

/**
 * Our request id, by core's rule (`requestIdFrom`): the caller's `X-Request-Id` when well-formed,
 * else a new UUID; the same id on every answer, problem and log line.
 */
export const assignRequestId = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
  const id = requestIdFrom(req.headers["x-request-id"])
  requestIds.set(req, id)
  res.setHeader("X-Request-Id", id)
  next()
}

export const requestIdOf = (req: object): string | undefined => requestIds.get(req)

/**
 * The options of `upstreamErrorHandler` and `FaultlineModule`: the same for both twins. A failure
 * after the order was placed carries the order's id as `orderId` (from the typed wrapper, never from
 * upstream text), so the caller can resume it.
 */
export const responseOptions = (settings: GatewaySettings): ResponseOptions<IncomingMessage, "orderId"> => ({
  requestId: requestIdOf,
  extensionMembers: ["orderId"],
  extend: (_failure, _request, error) =>
    error instanceof OrderStepFailed ? { orderId: error.orderId } : undefined,
  onFailure: (description: FailureDescription, { requestId, status }) =>
    settings.log({ msg: "upstream failure", ...description, requestId, status })
})

const fieldText = {
  commonName: {
    en: "commonName must be a DNS host name such as shop.example.jp.",
    ja: "commonName には shop.example.jp のような DNS ホスト名を指定してください。"
  },
  csr: {
    en: "csr must be a PEM certificate signing request (BEGIN CERTIFICATE REQUEST).",
    ja: "csr には PEM 形式の証明書署名要求 (BEGIN CERTIFICATE REQUEST) を指定してください。"
  }
} as const

/** The problem of the gateway's own errors, for faultline's `problem()`; `undefined` for anything else. */
export const ownProblem = (error: unknown): ProblemInput | undefined => {
  if (error instanceof InvalidCertificateRequest) {
    return {
      status: 400,
      code: "invalid_input",
      title: { en: "Invalid request", ja: "リクエストが正しくありません" },
      detail: {
        en: "The request is not a certificate request this service can take.",
        ja: "このサービスで受け付けられる証明書リクエストではありません。"
      },
      // Each Schema issue as it was decoded: where (a pointer) and what (`required`, `invalid_type`,
      // `invalid`, `unexpected`); our own sentence for the two fields we know, never the caller's value.
      errors: error.issues.map(({ pointer, code }) => ({
        pointer,
        code,
        ...(pointer === "/commonName" || pointer === "/csr"
          ? { detail: fieldText[pointer.slice(1) as keyof typeof fieldText] }
          : {})
      }))
    }
  }
  if (error instanceof NameOutsideZones) {
    return {
      status: 422,
      code: "unprocessable",
      title: { en: "Domain not managed here", ja: "管理対象外のドメインです" },
      detail: {
        en: "The name is in none of the DNS zones this service manages, so domain control cannot be proven.",
        ja: "この名前はこのサービスが管理する DNS ゾーンのいずれにも含まれないため、ドメイン認証を行えません。"
      }
    }
  }
  if (error instanceof OrderStepFailed && error.cause instanceof ZoneGone) {
    // The order exists (maybe billed) but its record has nowhere to go: the caller gets the order's
    // id to follow up, and the same request resumes it once the zone is back.
    return {
      status: 409,
      code: "conflict",
      title: { en: "DNS zone no longer managed", ja: "DNS ゾーンが管理対象外になりました" },
      detail: {
        en: "The order was placed, but the DNS zone for its validation record is no longer managed by this service.",
        ja: "注文は作成されましたが、認証用レコードを置く DNS ゾーンがこのサービスの管理対象ではなくなりました。"
      },
      extensions: { orderId: error.orderId }
    }
  }
  return undefined
}
