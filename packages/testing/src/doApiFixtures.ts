import type { Fixture } from "./Fixture.js"

// Every row of IIJ's DO-API error tables (seeds/004, Japanese), then the API-specific errors the
// per-API pages document (status 200), each as status and exact body. Status-only errors have an
// empty body; their code is `http_<n>`.

/** The sample RequestId of the fixtures; a simulator answers with a fresh one. */
export const sampleRequestId = "a1b2c3d4-e5f6a7b8-c9d0e1f2-a3b4c5d6-e7f8a9b0"

export const doApiErrorBody = (
  type: string,
  message: string,
  requestId: string = sampleRequestId,
  detail?: unknown
): string =>
  JSON.stringify({
    ErrorResponse: {
      RequestId: requestId,
      ErrorType: type,
      ErrorMessage: message,
      ...(detail !== undefined ? { ErrorDetail: detail } : {})
    }
  })

/** The rows: status, ErrorType (or `http_<n>`), message and, for two types, the ErrorDetail. */
export const doApiErrorRows: ReadonlyArray<
  readonly [status: number, code: string, message: string, detail?: unknown]
> = [
  [505, "http_505", ""],
  [404, "http_404", ""],
  [400, "BadRequest", "Signature is not valid."],
  [400, "BadRequest", "Signature method is not valid."],
  [400, "BadRequest", "Signature version is not valid."],
  [400, "BadRequest", "Expire is not valid."],
  [400, "RequestExpired", "The request has expired."],
  [401, "AuthFailure", "Unable to validate the provided access credentials."],
  [
    403,
    "SignatureDoesNotMatch",
    "The request signature we calculated does not match the signature you provided."
  ],
  [400, "ParameterError", "There are invalid parameters."],
  [400, "ParameterError", "Duplicated parameter found."],
  [200, "ParameterError", "There are invalid parameters."],
  [200, "RequestRunning", "Other request running."],
  [500, "SystemError", "System error occurred."],
  [503, "Timeout", "System is busy."],
  [403, "http_403", ""],
  [403, "StatusError", "Service is stopping by maintenance."],
  // API-specific errors (status 200), with the ErrorDetail shapes of the error page.
  [
    200,
    "RecordValidateError",
    "Record validation failed.",
    { ErrorList: [{ Line: "www 28800 IN A     192.0.2.1\n", ErrorCode: "RESERVED_V4ADDRESS" }] }
  ],
  [
    200,
    "MonitoringFailed",
    "Monitoring failed.",
    { ErrorList: [{ MonitoringType: "PING", MonitoringId: "5", Address: "192.0.2.1" }] }
  ],
  [200, "ResourceNotExist", "The specified resource does not exist."],
  [200, "UnrelateError", "The specified resources are not related."]
]

/** Every documented DO-API error, `{ code, status, body }` (several rows may share a code). */
export const doApiFixtures: ReadonlyArray<Fixture> = doApiErrorRows.map(
  ([status, code, message, detail]) => ({
    code,
    status,
    body: code.startsWith("http_") ? "" : doApiErrorBody(code, message, sampleRequestId, detail)
  })
)
