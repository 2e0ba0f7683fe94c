// DO-API's wire facts as public sources state them, as literal values: the one table the client's
// contract tests (@faultline/do-api) and the simulator's (here) both check against, so neither can
// drift alone. Each fact names its source; packages/do-api/CONTRACT.md says more.

const manual = (page: string) => `https://manual.iij.jp/dns/doapi/${page}.html`
const doapi = (file: string) => `github.com/iij/doapi ${file}`
const lego = (file: string) => `github.com/go-acme/lego providers/dns/iij/${file} (before a4d076122)`
const errorPage = "IIJ DO-API manual, エラーレスポンス (shared/seeds/004)"

/** One endpoint: method, path below the base URL (`{}` marks a parameter) and its sources. */
export interface DoApiEndpointFact {
  readonly name: string
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  readonly path: string
  readonly sources: ReadonlyArray<string>
}

export const doApiWireFacts = {
  baseUrl: { value: "https://do.api.iij.jp/", source: doapi("api.go (EndpointJSON)") },
  apiVersion: { value: "20140601", source: doapi("api.go (APIVersion)") },
  endpoints: [
    {
      name: "listZones",
      method: "GET",
      path: "/r/20140601/{serviceCode}/zones.json",
      sources: [manual("754466"), doapi("protocol/ZoneListGet.go")]
    },
    {
      name: "listRecords",
      method: "GET",
      path: "/r/20140601/{serviceCode}/{zone}/records/DETAIL.json",
      sources: [manual("754619"), doapi("protocol/RecordListGet.go")]
    },
    {
      name: "getRecord",
      method: "GET",
      path: "/r/20140601/{serviceCode}/{zone}/record/{id}.json",
      sources: [manual("754503"), doapi("protocol/RecordGet.go")]
    },
    {
      name: "addRecord",
      method: "POST",
      path: "/r/20140601/{serviceCode}/{zone}/record.json",
      sources: [manual("754517"), doapi("protocol/RecordAdd.go")]
    },
    {
      name: "deleteRecord",
      method: "DELETE",
      path: "/r/20140601/{serviceCode}/{zone}/record/{id}.json",
      sources: [manual("754525"), doapi("protocol/RecordDelete.go")]
    },
    {
      name: "commit",
      method: "PUT",
      path: "/r/20140601/{serviceCode}/commit.json",
      sources: [manual("754632"), doapi("protocol/Commit.go")]
    }
  ] satisfies ReadonlyArray<DoApiEndpointFact>,
  signing: {
    /** The header names as sent (case-insensitive on the wire). */
    expireHeader: "x-iijapi-Expire",
    methodHeader: "x-iijapi-SignatureMethod",
    versionHeader: "x-iijapi-SignatureVersion",
    signatureMethod: "HmacSHA256",
    signatureVersion: "2",
    /** `Authorization: IIJAPI <accessKey>:<base64 signature>`. */
    authorizationPattern: /^IIJAPI [^:\s]+:[A-Za-z0-9+/]+=*$/,
    /** UTC, seconds, `Z`: Go layout 2006-01-02T15:04:05Z. */
    expirePattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
    /** A body goes with this content type, signed in the string to sign. */
    contentType: "application/json",
    /**
     * The string to sign of a body-less GET at a fixed Expire: method, empty Content-MD5, empty
     * Content-Type, the x-iijapi headers lower-cased and sorted as `name:value`, then the path.
     */
    example: {
      method: "GET",
      path: "/r/20140601/do00000001/zones.json",
      expire: "2014-06-01T00:05:00Z",
      stringToSign:
        "GET\n\n\nx-iijapi-expire:2014-06-01T00:05:00Z\nx-iijapi-signaturemethod:HmacSHA256\n" +
        "x-iijapi-signatureversion:2\n/r/20140601/do00000001/zones.json"
    },
    sources: [doapi("api.go (String2Sign, Sign)"), lego("iij_test.go (mockBuilder header checks)")]
  },
  /** The success bodies' fields. */
  bodies: {
    requestId: "RequestId",
    zoneList: "ZoneList",
    recordList: "RecordList",
    staticRecordList: "StaticRecordList",
    record: "Record",
    recordFields: ["Id", "Status", "Owner", "TTL", "RecordType", "RData"],
    sources: [doapi("protocol/common.go (CommonResponse, ResourceRecord)"), doapi("protocol/*.go responses")]
  },
  /** The request body of POST record: every field a string, TTL included. */
  addBody: {
    example: {
      Owner: "_acme-challenge",
      TTL: "300",
      RecordType: "TXT",
      RData: "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"
    },
    sources: [doapi("protocol/RecordAdd.go"), lego("fixtures/record-request.json")]
  },
  /** Record statuses. */
  statuses: {
    values: ["UNCHANGED", "ADDING", "DELETING", "DELETED"],
    source: doapi("protocol/common.go (constants)")
  },
  /** The error envelope and the RequestId form. */
  errors: {
    envelope: "ErrorResponse",
    fields: ["RequestId", "ErrorType", "ErrorMessage"],
    detailFields: ["ErrorDetail", "ErrorList"],
    /** Five groups of eight characters (the page shows `xxxxxxxx-…`; hex is unconfirmed). */
    requestIdPattern: /^[0-9A-Za-z]{8}(-[0-9A-Za-z]{8}){4}$/,
    validationLine: "www 28800 IN A     192.0.2.1\n",
    sources: [errorPage, doapi("protocol/common.go (CommonResponse)")]
  },
  /**
   * How a record sent to POST record is listed afterwards, in zone `example.jp` (`sent` → `listed`).
   * Sources: IIJ's manual shows a listed `Record` with `Owner` relative to the zone (`@`, `www`) and
   * names in `RData` with the zone appended and no final dot (PUT record 754520, GET history 754635);
   * lego's provider sends the TXT value bare and relative owner, then finds the record by relative
   * owner and quoted value (iij.go findTxtRecord, fixtures/detail.json); iij/doapi's
   * ResourceRecord.FQDN appends the zone to Owner; the error page's validation line shows `www`.
   */
  listing: {
    zone: "example.jp",
    cases: [
      {
        why: "relative owner kept",
        sent: { Owner: "www", RecordType: "A", RData: "198.18.0.1" },
        listed: { Owner: "www", RData: "198.18.0.1" }
      },
      {
        why: "absolute owner made relative",
        sent: { Owner: "www.example.jp.", RecordType: "A", RData: "198.18.0.2" },
        listed: { Owner: "www", RData: "198.18.0.2" }
      },
      {
        why: "apex as @",
        sent: { Owner: "example.jp.", RecordType: "TXT", RData: '"apex"' },
        listed: { Owner: "@", RData: '"apex"' }
      },
      {
        why: "@ kept",
        sent: { Owner: "@", RecordType: "MX", RData: "10 mail" },
        listed: { Owner: "@", RData: "10 mail.example.jp" }
      },
      {
        why: "TXT quoted",
        sent: {
          Owner: "_acme-challenge",
          RecordType: "TXT",
          RData: "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"
        },
        listed: { Owner: "_acme-challenge", RData: '"ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"' }
      },
      {
        why: "CNAME target: final dot dropped",
        sent: { Owner: "alias", RecordType: "CNAME", RData: "www.example.net." },
        listed: { Owner: "alias", RData: "www.example.net" }
      },
      {
        why: "CNAME target: zone appended",
        sent: { Owner: "alias2", RecordType: "CNAME", RData: "www" },
        listed: { Owner: "alias2", RData: "www.example.jp" }
      },
      {
        why: "NS target",
        sent: { Owner: "sub", RecordType: "NS", RData: "ns1.example.net." },
        listed: { Owner: "sub", RData: "ns1.example.net" }
      },
      {
        why: "SRV target",
        sent: { Owner: "_sip._udp", RecordType: "SRV", RData: "0 5 5060 sip" },
        listed: { Owner: "_sip._udp", RData: "0 5 5060 sip.example.jp" }
      },
      {
        why: "PTR target",
        sent: { Owner: "ptr", RecordType: "PTR", RData: "host.example.net." },
        listed: { Owner: "ptr", RData: "host.example.net" }
      }
    ],
    sources: [
      manual("754520"),
      manual("754635"),
      lego("iij.go (addTxtRecord, findTxtRecord)"),
      lego("fixtures/detail.json"),
      doapi("protocol/common.go (FQDN)"),
      errorPage
    ]
  }
} as const
