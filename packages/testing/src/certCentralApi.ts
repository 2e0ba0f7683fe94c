import { randomBytes } from "node:crypto"
import { certCentralErrorBody, certCentralFixtures } from "./certCentralFixtures.js"
import { parseCsr } from "./csr.js"
import { jsonReply, type Reply } from "./Reply.js"
import { type RateLimit, RollingWindows } from "./RollingWindows.js"
import type { SimRequest } from "./server.js"

// The CertCentral Services API behaviour behind /services/v2/: key check, rolling rate limits,
// order submit / info / list / check-dcv / dcv-random-value on in-memory orders, and DCV against a
// TXT resolver. Every wire fact here is our own reading of DigiCert's pages, cited in
// packages/certcentral/CONTRACT.md; this package never imports the client.

/** Resolves a name's TXT values (e.g. the DO-API simulator's `resolveTxt`). */
export type TxtResolver = (name: string) => ReadonlyArray<string> | PromiseLike<ReadonlyArray<string>>

/** A certificate order as the simulator holds it. */
export interface SimulatedOrder {
  readonly id: number
  status: "pending" | "issued"
  readonly productNameId: string
  readonly commonName: string
  /** The names as DigiCert keeps them: as submitted, plus the `www.`/base form it adds on some products. */
  readonly dnsNames: ReadonlyArray<string>
  /** The CSR exactly as submitted. */
  readonly csr: string
  /** The CSR's subjectPublicKeyInfo, DER base64, and its SHA-256 (hex): match orders by key. */
  readonly publicKey: string
  readonly publicKeySha256: string
  readonly dcvMethod: string
  /** The order's DCV random value and when it expires (epoch ms); renewed once expired. */
  dcvRandomValue: string
  dcvRandomValueExpires: number
  /** Whether DCV passed (check-dcv found the value for every name). */
  dcvValid: boolean
  readonly domains: ReadonlyArray<{ readonly id: number; readonly name: string }>
  readonly requestId: number
  readonly dateCreated: string
  readonly organizationId: number | undefined
  readonly containerId: number
  readonly emails: ReadonlyArray<string>
  readonly metadataIds: ReadonlyArray<string>
  /** The order's custom fields as submitted, returned by order info. */
  readonly customFields: ReadonlyArray<{ readonly metadata_id: number; readonly value: string }>
  readonly disableRenewalNotifications: boolean
  certificateId: number | undefined
  serialNumber: string | undefined
  validTill: string | undefined
}

/** Product identifiers the simulator sells, with DigiCert's names and types. */
export const defaultProducts: Readonly<Record<string, { readonly name: string; readonly type: string }>> = {
  ssl_dv_geotrust: { name: "GeoTrust Standard DV", type: "dv_ssl_certificate" },
  ssl_dv_geotrust_flex: { name: "GeoTrust DV SSL", type: "dv_ssl_certificate" },
  ssl_dv_rapidssl: { name: "RapidSSL Standard DV", type: "dv_ssl_certificate" },
  ssl_basic: { name: "Basic OV", type: "ssl_certificate" },
  ssl_plus: { name: "Standard SSL", type: "ssl_certificate" },
  ssl_securesite_flex: { name: "Secure Site OV", type: "ssl_certificate" }
}

/**
 * The other form of a common name that DigiCert adds for free on some products: `www.<name>` for a
 * base name, the base name for `www.<name>`, the base domain for `*.<name>`. DigiCert: "Order Secure
 * Site OV" (`dns_names`: see "Best practices – Get both versions of a domain for free") and "Adding SAN
 * names to wildcard SSL certificates" (the base domain is included as a SAN).
 */
export const nameVariant = (commonName: string): string =>
  commonName.startsWith("*.")
    ? commonName.slice(2)
    : commonName.startsWith("www.")
      ? commonName.slice(4)
      : `www.${commonName}`

// How long a DCV random value stays valid. DigiCert's "Get order DCV random value" page returns an
// `expiration_date` but does not say the period; 30 days is our choice (unconfirmed).
const randomValueLifetime = 30 * 86_400_000

export const basePath = "/services/v2/"
const dcvMethods = ["email", "dns-txt-token", "dns-cname-token", "http-token"]
const documentedFilters = [
  "id",
  "status",
  "organization_id",
  "product_name_id",
  "valid_till",
  "user_id",
  "common_name",
  "domain_name",
  "date_created",
  "container_id",
  "metadata_id",
  "is_renewed",
  "disable_renewal_notifications",
  "email",
  "certificate_id",
  "origin",
  "serial_number"
] as const
const sortable = [
  "id",
  "date_created",
  "status",
  "common_name",
  "product_name_id",
  "valid_till",
  "organization_id"
]
const maxLimit = 1000
const userId = 1
const defaultContainerId = 1

const fixtureMessage = new Map(
  certCentralFixtures.map((f) => [
    f.code,
    (JSON.parse(f.body) as { errors: Array<{ message: string }> }).errors[0]?.message ?? ""
  ])
)

/** The documented answer for a code; parameterised codes reuse their base's message. */
export const certCentralError = (status: number, code: string): Reply => {
  const base = code.split(/[:|]/)[0]
  const message =
    fixtureMessage.get(code) ??
    [...fixtureMessage.entries()].find(([known]) => known.split(/[:|]/)[0] === base)?.[1] ??
    "Error."
  return {
    status,
    headers: { "content-type": "application/json" },
    body: certCentralErrorBody(code, message)
  }
}

const day = (epochMillis: number) => new Date(epochMillis).toISOString().slice(0, 10)
const isoSeconds = (epochMillis: number) => new Date(epochMillis).toISOString().replace(/\.\d{3}Z$/, "+00:00")

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const unquote = (value: string) => value.trim().replace(/^"(.*)"$/s, "$1")

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined

export interface CertCentralState {
  readonly apiKeys: ReadonlyArray<string>
  readonly products: Readonly<Record<string, { readonly name: string; readonly type: string }>>
  readonly rateLimits: ReadonlyArray<RateLimit>
  readonly resolveTxt: TxtResolver | undefined
  readonly now: () => number
  /** Products whose orders stay `pending` after DCV until organization validation (`issue`). */
  readonly organizationValidation: ReadonlySet<string>
  /** Products on which DigiCert adds the `www.`/base form of the common name ({@link nameVariant}). */
  readonly addsNameVariant: ReadonlySet<string>
  /** Whether order info carries `dcv_random_value` (no DigiCert page shows it there). */
  readonly orderInfoDcvRandomValue: boolean
}

export const makeCertCentralApi = (config: CertCentralState) => {
  const orders = new Map<number, SimulatedOrder>()
  const windows = new RollingWindows(config.rateLimits)
  let nextId = 1000
  const id = () => ++nextId

  const orderSummary = (order: SimulatedOrder) => {
    const product = config.products[order.productNameId]
    return {
      id: order.id,
      certificate: {
        ...(order.certificateId !== undefined ? { id: order.certificateId } : {}),
        common_name: order.commonName,
        dns_names: order.dnsNames,
        ...(order.validTill !== undefined ? { valid_till: order.validTill } : {}),
        signature_hash: "sha256"
      },
      status: order.status,
      is_renewed: false,
      date_created: order.dateCreated,
      ...(order.organizationId !== undefined ? { organization: { id: order.organizationId } } : {}),
      validity_years: 1,
      disable_renewal_notifications: order.disableRenewalNotifications,
      container: { id: order.containerId, name: "Simulated" },
      product: {
        name_id: order.productNameId,
        name: product?.name ?? order.productNameId,
        type: product?.type
      },
      has_duplicates: false,
      product_name_id: order.productNameId
    }
  }

  const orderInfo = (order: SimulatedOrder) => {
    const summary = orderSummary(order)
    return {
      ...summary,
      certificate: {
        ...summary.certificate,
        csr: order.csr,
        ...(order.serialNumber !== undefined ? { serial_number: order.serialNumber } : {})
      },
      dcv_method: order.dcvMethod,
      ...(config.orderInfoDcvRandomValue && order.dcvMethod !== "email"
        ? { dcv_random_value: order.dcvRandomValue }
        : {}),
      ...(order.customFields.length > 0 ? { custom_fields: order.customFields } : {}),
      requests: [{ id: order.requestId, status: order.status === "issued" ? "approved" : "pending" }]
    }
  }

  const issue = (order: SimulatedOrder): void => {
    if (order.status === "issued") return
    order.status = "issued"
    order.dcvValid = true
    order.certificateId = id()
    order.serialNumber = randomBytes(16).toString("hex").toUpperCase()
    order.validTill = day(config.now() + 397 * 86_400_000)
  }

  const submit = (product: string, body: string): Reply => {
    if (config.products[product] === undefined) return certCentralError(404, "not_found|product")
    if (body.trim() === "") return certCentralError(400, "missing_request_data")
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return certCentralError(400, "bad_request_format")
    }
    const request = asRecord(parsed)
    if (request === undefined) return certCentralError(400, "bad_request_format")
    const certificate = asRecord(request.certificate)
    if (certificate === undefined) return certCentralError(400, "required_param:certificate")
    const commonName = certificate.common_name
    if (typeof commonName !== "string" || commonName.trim() === "") {
      return certCentralError(400, "required_param:certificate.common_name")
    }
    if (commonName.length > 64) return certCentralError(400, "rfc5280_common_name_too_long")
    if (!/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/.test(commonName)) {
      return certCentralError(400, "invalid_chars:common_name")
    }
    const csr = certificate.csr
    if (typeof csr !== "string" || csr.trim() === "")
      return certCentralError(400, "required_param:certificate.csr")
    const parsedCsr = parseCsr(csr)
    if (parsedCsr === undefined) return certCentralError(400, "csr_invalid_cannot_parse")
    const rawNames = certificate.dns_names ?? []
    if (!Array.isArray(rawNames) || !rawNames.every((n) => typeof n === "string")) {
      return certCentralError(400, "invalid_value:dns_names")
    }
    const dcvMethod = request.dcv_method ?? "email"
    if (typeof dcvMethod !== "string" || !dcvMethods.includes(dcvMethod)) {
      return certCentralError(400, "invalid_value:dcv_method")
    }
    const organization = asRecord(request.organization)
    const container = asRecord(request.container)
    const submitted = [
      ...new Set([commonName.toLowerCase(), ...rawNames.map((n: string) => n.toLowerCase())])
    ]
    const added = config.addsNameVariant.has(product) ? nameVariant(commonName.toLowerCase()) : undefined
    const names = added !== undefined && !submitted.includes(added) ? [...submitted, added] : submitted
    const emails = [
      ...(Array.isArray(request.dcv_emails)
        ? request.dcv_emails.map((e) => asRecord(e)?.email).filter((e): e is string => typeof e === "string")
        : []),
      ...[asRecord(request.technical_contact)?.email].filter((e): e is string => typeof e === "string")
    ]
    const order: SimulatedOrder = {
      id: id(),
      status: "pending",
      productNameId: product,
      commonName,
      dnsNames: names.length > submitted.length ? [...rawNames, ...names.slice(submitted.length)] : rawNames,
      csr,
      publicKey: parsedCsr.publicKey,
      publicKeySha256: parsedCsr.publicKeySha256,
      dcvMethod,
      dcvRandomValue: randomBytes(16).toString("hex"),
      dcvRandomValueExpires: config.now() + randomValueLifetime,
      dcvValid: false,
      domains: names.map((name) => ({ id: id(), name })),
      requestId: id(),
      dateCreated: isoSeconds(config.now()),
      organizationId: typeof organization?.id === "number" ? organization.id : undefined,
      containerId: typeof container?.id === "number" ? container.id : defaultContainerId,
      emails,
      metadataIds: Array.isArray(request.custom_fields)
        ? request.custom_fields.map((f) => String(asRecord(f)?.metadata_id ?? ""))
        : [],
      customFields: Array.isArray(request.custom_fields)
        ? request.custom_fields.flatMap((f) => {
            const field = asRecord(f)
            return typeof field?.metadata_id === "number"
              ? [{ metadata_id: field.metadata_id, value: String(field.value ?? "") }]
              : []
          })
        : [],
      disableRenewalNotifications: request.disable_renewal_notifications === true,
      certificateId: undefined,
      serialNumber: undefined,
      validTill: undefined
    }
    orders.set(order.id, order)
    return jsonReply(201, {
      id: order.id,
      domains: order.domains.map((d) => ({ id: d.id, name: d.name, dns_name: d.name })),
      ...(dcvMethod !== "email" ? { dcv_random_value: order.dcvRandomValue } : {}),
      requests: [{ id: order.requestId, status: "pending" }]
    })
  }

  const filterValues = (
    order: SimulatedOrder,
    name: (typeof documentedFilters)[number]
  ): ReadonlyArray<string> => {
    switch (name) {
      case "id":
        return [String(order.id)]
      case "status":
        return [order.status]
      case "organization_id":
        return order.organizationId !== undefined ? [String(order.organizationId)] : []
      case "product_name_id":
        return [order.productNameId]
      case "valid_till":
        return order.validTill !== undefined ? [order.validTill] : []
      case "user_id":
        return [String(userId)]
      case "common_name":
        return [order.commonName]
      case "domain_name":
        return [order.commonName, ...order.dnsNames]
      case "date_created":
        return [order.dateCreated.slice(0, 10)]
      case "container_id":
        return [String(order.containerId)]
      case "metadata_id":
        return order.metadataIds
      case "is_renewed":
        return ["0"]
      case "disable_renewal_notifications":
        return [order.disableRenewalNotifications ? "1" : "0"]
      case "email":
        return order.emails
      case "certificate_id":
        return order.certificateId !== undefined ? [String(order.certificateId)] : []
      case "origin":
        return ["certcentral"]
      case "serial_number":
        return order.serialNumber !== undefined ? [order.serialNumber] : []
    }
  }

  const sortValue = (order: SimulatedOrder, key: string): string | number => {
    switch (key) {
      case "id":
        return order.id
      case "date_created":
        return order.dateCreated
      case "status":
        return order.status
      case "common_name":
        return order.commonName
      case "product_name_id":
        return order.productNameId
      case "valid_till":
        return order.validTill ?? ""
      default:
        return order.organizationId ?? 0
    }
  }

  const list = (query: URLSearchParams): Reply => {
    const count = (name: string, fallback: number, min: number): number | Reply => {
      const raw = query.get(name)
      if (raw === null) return fallback
      if (!/^\d+$/.test(raw) || Number(raw) < min) return certCentralError(400, `invalid_value:${name}`)
      return Number(raw)
    }
    const limit = count("limit", maxLimit, 1)
    if (typeof limit !== "number") return limit
    const offset = count("offset", 0, 0)
    if (typeof offset !== "number") return offset
    const sortKeys = (query.get("sort") ?? "id")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "")
    for (const key of sortKeys) {
      if (!sortable.includes(key.replace(/^-/, ""))) return certCentralError(400, "invalid_value:sort")
    }
    let found = [...orders.values()]
    for (const name of documentedFilters) {
      const want = query.get(`filters[${name}]`)
      if (want !== null)
        found = found.filter((o) => filterValues(o, name).some((v) => v.toLowerCase() === want.toLowerCase()))
    }
    const search = query.get("filters[search]")
    if (search !== null) {
      const needle = search.toLowerCase()
      found = found.filter((o) => [o.commonName, ...o.emails].some((v) => v.toLowerCase().includes(needle)))
    }
    found.sort((a, b) => {
      for (const key of sortKeys) {
        const descending = key.startsWith("-")
        const x = sortValue(a, key.replace(/^-/, ""))
        const y = sortValue(b, key.replace(/^-/, ""))
        if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1)
      }
      return a.id - b.id
    })
    const pageSize = Math.min(limit, maxLimit)
    return jsonReply(200, {
      orders: found.slice(offset, offset + pageSize).map(orderSummary),
      page: { total: found.length, limit: pageSize, offset }
    })
  }

  const txtValues = async (name: string): Promise<ReadonlyArray<string>> => {
    if (config.resolveTxt === undefined) return []
    try {
      return (await config.resolveTxt(name)).map(unquote)
    } catch {
      return []
    }
  }

  // DigiCert's "Check order DCV": 200 with `dcv_status: "valid"` and one `dns_name_validations` entry
  // per name once the value is found; `order_status` is `issued`, or `pending` while the order still
  // waits for organization validation. A value not found is a 400 per method.
  const dcvAnswer = (order: SimulatedOrder): Reply =>
    jsonReply(200, {
      order_status: order.status,
      ...(order.certificateId !== undefined ? { certificate_id: order.certificateId } : {}),
      dcv_status: "valid",
      dns_name_validations: order.domains.map((d) => ({ dns_name: d.name, status: "approved" }))
    })

  const checkDcv = async (order: SimulatedOrder): Promise<Reply> => {
    if (order.status === "pending" && !order.dcvValid) {
      if (order.dcvMethod === "email") return certCentralError(400, "invalid_dns_method")
      if (order.dcvMethod === "dns-cname-token") return certCentralError(400, "invalid_dns_cname")
      if (order.dcvMethod === "http-token") return certCentralError(400, "file_random_value_not_found")
      for (const domain of order.domains) {
        const name = domain.name.replace(/^\*\./, "").replace(/\.$/, "")
        const values = [...(await txtValues(name)), ...(await txtValues(`_dnsauth.${name}`))]
        if (!values.includes(order.dcvRandomValue)) return certCentralError(400, "invalid_dns_txt")
      }
      order.dcvValid = true
      if (!config.organizationValidation.has(order.productNameId)) issue(order)
    }
    return dcvAnswer(order)
  }

  // DigiCert's "Get order DCV random value": the order's value while it is valid, a new one once it
  // expired, with its `expiration_date`.
  const dcvRandomValue = (order: SimulatedOrder): Reply => {
    if (config.now() >= order.dcvRandomValueExpires) {
      order.dcvRandomValue = randomBytes(16).toString("hex")
      order.dcvRandomValueExpires = config.now() + randomValueLifetime
    }
    return jsonReply(200, {
      dcv_random_value: order.dcvRandomValue,
      expiration_date: isoSeconds(order.dcvRandomValueExpires)
    })
  }

  const orderOf = (segment: string): SimulatedOrder | undefined =>
    /^\d{1,15}$/.test(segment) ? orders.get(Number(segment)) : undefined

  const handle = async (request: SimRequest): Promise<Reply> => {
    const key = request.headers["x-dc-devkey"]
    if (typeof key !== "string" || !config.apiKeys.includes(key)) {
      return certCentralError(403, "access_denied|access_denied_invalid_key")
    }
    if (!windows.tryAcquire(key, config.now())) return certCentralError(429, "request_limit_exceeded")
    if (!request.path.startsWith(basePath)) return certCentralError(404, "not_found|route")
    const segments = request.path.slice(basePath.length).replace(/\/$/, "").split("/")
    const [first, second, third, fourth, ...rest] = segments
    if (first !== "order" || second !== "certificate" || rest.length > 0) {
      return certCentralError(404, "not_found|route")
    }
    const method = request.method
    if (third === undefined) {
      return method === "GET" ? list(request.query) : certCentralError(404, "not_found|route")
    }
    if (fourth === undefined && method === "POST") return submit(safeDecode(third), request.body)
    if (fourth === undefined && method === "GET") {
      const order = orderOf(third)
      return order === undefined ? certCentralError(404, "not_found|order") : jsonReply(200, orderInfo(order))
    }
    if (fourth === "check-dcv" && method === "PUT") {
      const order = orderOf(third)
      return order === undefined ? certCentralError(404, "not_found|order") : checkDcv(order)
    }
    if (fourth === "dcv-random-value" && method === "PUT") {
      const order = orderOf(third)
      return order === undefined ? certCentralError(404, "not_found|order") : dcvRandomValue(order)
    }
    return certCentralError(404, "not_found|route")
  }

  return {
    handle,
    orders: () => [...orders.values()],
    issue: (orderId: number): boolean => {
      const order = orders.get(orderId)
      if (order === undefined) return false
      issue(order)
      return true
    }
  }
}
