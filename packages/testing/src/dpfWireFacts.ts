// DPF-API's wire facts as public sources state them, as literal values: the one table the client's
// contract tests (@faultline/dpf) and the simulator's (here) both check, so neither drifts alone.
// packages/dpf/CONTRACT.md says more; each fact names its source.

/** IIJ's OpenAPI document, at the commit read (v3.7.0). */
export const dpfOpenApi =
  "github.com/iij/dpf-oapi-docs swagger.json @ 6685b9117dfe2a8bc523b18482bf19bf2452b050"
const op = (operationId: string) => `${dpfOpenApi} (${operationId})`
const goClient = (file: string) => `github.com/mimuret/golang-iij-dpf v0.9.1 ${file}`
const lego = (file: string) => `github.com/go-acme/lego providers/dns/iijdpf/${file}`

/** One endpoint: method, path below the base URL (`{}` marks a parameter), operationId. */
export interface DpfEndpointFact {
  readonly name: string
  readonly operationId: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  readonly path: string
  /** 200 for reads, 202 (asynchronous, `{ request_id, jobs_url }`) for every other method. */
  readonly success: 200 | 202
  /** The `{code, attribute}` rows of the operation's 400 ErrorDetails table (besides invalid/access_token). */
  readonly details: ReadonlyArray<string>
}

const labels = [
  "invalid_format_key/labels",
  "invalid_length_key/labels",
  "invalid_char_type_key/labels",
  "invalid_type_value/labels",
  "invalid_format_value/labels",
  "invalid_length_value/labels",
  "invalid_char_type_value/labels"
]
const listDetails = ["not_found/zone", "invalid/schema", "invalid/keywords"]
const zoneEdit = ["not_found/zone", "forbidden/zone", "invalid/schema"]
const recordEdit = [...zoneEdit, "not_found/record", "forbidden/record"]
const rdataChecks = [
  "invalid_quotes/rdata",
  "invalid/rdata",
  "reference_not_found/rdata",
  "reference_alias/rdata",
  "multiple_rdata_found/rdata",
  ...labels
]

export const dpfWireFacts = {
  baseUrl: {
    value: "https://api.dns-platform.jp/dpf/v1",
    sources: [`${dpfOpenApi} (servers)`, goClient("pkg/api/client.go")]
  },
  endpoints: [
    {
      name: "listZones",
      operationId: "getZoneList",
      method: "GET",
      path: "/zones",
      success: 200,
      details: ["invalid/schema", "invalid/keywords"]
    },
    {
      name: "countZones",
      operationId: "getZoneListCount",
      method: "GET",
      path: "/zones/count",
      success: 200,
      details: ["invalid/schema", "invalid/keywords"]
    },
    {
      name: "getZone",
      operationId: "getZone",
      method: "GET",
      path: "/zones/{ZoneId}",
      success: 200,
      details: ["not_found/zone", "invalid/schema"]
    },
    {
      name: "listRecords",
      operationId: "getRecordList",
      method: "GET",
      path: "/zones/{ZoneId}/records",
      success: 200,
      details: listDetails
    },
    {
      name: "countRecords",
      operationId: "getRecordListCount",
      method: "GET",
      path: "/zones/{ZoneId}/records/count",
      success: 200,
      details: listDetails
    },
    {
      name: "listCurrentRecords",
      operationId: "getRecordCurrents",
      method: "GET",
      path: "/zones/{ZoneId}/records/currents",
      success: 200,
      details: listDetails
    },
    {
      name: "countCurrentRecords",
      operationId: "getRecordCurrentsCount",
      method: "GET",
      path: "/zones/{ZoneId}/records/currents/count",
      success: 200,
      details: listDetails
    },
    {
      name: "getRecord",
      operationId: "getRecord",
      method: "GET",
      path: "/zones/{ZoneId}/records/{RecordId}",
      success: 200,
      details: ["not_found/zone", "invalid/schema", "not_found/record"]
    },
    {
      name: "addRecord",
      operationId: "postRecord",
      method: "POST",
      path: "/zones/{ZoneId}/records",
      success: 202,
      details: [
        ...zoneEdit,
        "invalid/record",
        "duplicated/record",
        "invalid/name",
        "cname_and_other_mixed/name",
        "corresponding_ns_not_found/name",
        ...rdataChecks
      ]
    },
    {
      name: "updateRecord",
      operationId: "patchRecord",
      method: "PATCH",
      path: "/zones/{ZoneId}/records/{RecordId}",
      success: 202,
      details: [...recordEdit, "invalid/record", ...rdataChecks]
    },
    {
      name: "deleteRecord",
      operationId: "deleteRecord",
      method: "DELETE",
      path: "/zones/{ZoneId}/records/{RecordId}",
      success: 202,
      details: [
        ...recordEdit,
        "soa_not_found/record",
        "apex_ns_not_found/record",
        "corresponding_ns_not_found/name",
        "reference_not_found/rdata"
      ]
    },
    {
      name: "cancelRecordChange",
      operationId: "deleteRecordChanges",
      method: "DELETE",
      path: "/zones/{ZoneId}/records/{RecordId}/changes",
      success: 202,
      details: [
        ...recordEdit,
        "duplicated/record",
        "cname_and_other_mixed/name",
        "corresponding_ns_not_found/name",
        "invalid/rrtype",
        "reference_not_found/rdata",
        "reference_alias/rdata"
      ]
    },
    {
      name: "applyChanges",
      operationId: "patchZoneChanges",
      method: "PATCH",
      path: "/zones/{ZoneId}/changes",
      success: 202,
      details: [
        "not_found/zone",
        "invalid/schema",
        "forbidden/zone",
        "reference_not_found/rdata",
        "resolve_error/rdata"
      ]
    },
    {
      name: "discardChanges",
      operationId: "deleteZoneChanges",
      method: "DELETE",
      path: "/zones/{ZoneId}/changes",
      success: 202,
      details: ["not_found/zone", "invalid/schema", "forbidden/zone"]
    },
    {
      name: "getJob",
      operationId: "getJob",
      method: "GET",
      path: "/jobs/{RequestId}",
      success: 200,
      details: ["not_found/request_id", "invalid/schema"]
    },
    { name: "ping", operationId: "getPing", method: "GET", path: "/ping", success: 200, details: [] }
  ] satisfies ReadonlyArray<DpfEndpointFact>,
  /** Every operation of the document answers these besides its success and 400 (87 paths checked). */
  commonStatuses: [400, 404, 406, 429, 500, 503, 504],
  auth: {
    header: "Authorization",
    scheme: "Bearer",
    /** A wrong token: 400, not 401 (section 2.3; no operation documents 401 or 403). */
    invalidToken: { status: 400, error_type: "ParameterError", code: "invalid", attribute: "access_token" },
    sources: [
      `${dpfOpenApi} (info.description 2.1, 2.3; components.securitySchemes)`,
      goClient("pkg/api/client.go, response.go IsAuthError")
    ]
  },
  errors: {
    fields: ["request_id", "error_type", "error_message"],
    detailsField: "error_details",
    detailFields: ["code", "attribute"],
    /** ErrorDetail's optional third field (schema ErrorDetail), in no example. */
    optionalDetailField: "target",
    blockIdField: "block_id",
    /** request_id and block_id: exactly 32 characters (schema RequestId, NotAcceptableErrorFields). */
    idLength: 32,
    types: [
      {
        status: 400,
        error_type: "ParameterError",
        error_message: "JSON parse error occurred.",
        details: false
      },
      {
        status: 400,
        error_type: "ParameterError",
        error_message: "There are invalid parameters.",
        details: true
      },
      { status: 404, error_type: "NotFound", error_message: "Specified resource not found.", details: false },
      { status: 406, error_type: "NotAcceptable", error_message: "Request was blocked.", details: false },
      { status: 429, error_type: "TooManyRequests", error_message: "Too many requests.", details: false },
      { status: 500, error_type: "SystemError", error_message: "System error occurred.", details: false },
      {
        status: 503,
        error_type: "ServiceUnavailable",
        error_message: "Service unavailable.",
        details: false
      },
      {
        status: 503,
        error_type: "SystemBusy",
        error_message: "The system is busy, Please try again later.",
        details: false
      },
      { status: 504, error_type: "GatewayTimeout", error_message: "Gateway timeout.", details: false }
    ],
    sources: [
      `${dpfOpenApi} (info.description 2.3; components.responses; components.schemas *Error*)`,
      goClient("pkg/api/response.go")
    ]
  },
  jobs: {
    accepted: { status: 202, fields: ["request_id", "jobs_url"] },
    statuses: ["RUNNING", "SUCCESSFUL", "FAILED"],
    /** Only with SUCCESSFUL: resources_url; only with FAILED: error_type and error_message. */
    successfulField: "resources_url",
    failedFields: ["error_type", "error_message"],
    failedExample: { error_type: "Bad Request", error_message: "There are invalid parameters" },
    sources: [
      op("getJob"),
      `${dpfOpenApi} (info.description 2.4; components.responses.Accepted)`,
      goClient("pkg/apis/dpf/v1/core/job.go, pkg/apiutils/jobs.go")
    ]
  },
  records: {
    fields: ["id", "name", "ttl", "rrtype", "rdata", "labels", "state", "description", "operator"],
    /** 0 applied, 1 to be added, 2 to be deleted, 3 to be updated, 5 before the update (records/diffs). */
    states: [0, 1, 2, 3, 5],
    addRequired: ["name", "rrtype", "rdata"],
    addExample: {
      name: "_acme-challenge.example.jp.",
      ttl: 300,
      rrtype: "TXT",
      rdata: [{ value: '"token"' }],
      description: "ACME"
    },
    idLength: 14,
    sources: [
      op("getRecordList"),
      op("postRecord"),
      `${dpfOpenApi} (tags.records)`,
      goClient("pkg/apis/dpf/v1/zones/record.go"),
      lego("wrapper.go")
    ]
  },
  zones: {
    fields: ["id", "common_config_id", "service_code", "state", "favorite", "name", "network", "description"],
    /** 1 before publication, 2 published. */
    states: [1, 2],
    idLength: 14,
    serviceCodeLength: 11,
    sources: [
      op("getZoneList"),
      op("getZone"),
      `${dpfOpenApi} (tags.zones)`,
      lego("iijdpf.go"),
      goClient("pkg/apiutils/zone.go")
    ]
  },
  paging: {
    offset: { default: 0, min: 0, max: 10_000_000 },
    limit: { default: 100, min: 1, max: 10_000 },
    type: { default: "AND", values: ["AND", "OR"] },
    maxKeywords: 30,
    countField: "count",
    sources: [
      op("getZoneList"),
      op("getRecordList"),
      op("getRecordListCount"),
      goClient("pkg/api/client.go ListAll")
    ]
  },
  apply: {
    bodyField: "description",
    maxLength: 80,
    sources: [op("patchZoneChanges"), lego("wrapper.go (commit)")]
  }
} as const
