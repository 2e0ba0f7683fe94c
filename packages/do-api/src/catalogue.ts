import {
  AuthFailure,
  BadRequest,
  HttpsRequired,
  MonitoringFailed,
  NotHttp11,
  ParameterError,
  RecordValidateError,
  RequestExpired,
  RequestRunning,
  ResourceNotExist,
  SignatureDoesNotMatch,
  StatusError,
  SystemError,
  Timeout,
  UnrelateError,
  Unrecognized,
  UrlNotFound,
  ChangeOutcomeUnknown
} from "./reasons.js"

/** Every DO-API reason class, in the order of IIJ's error page; `Unrecognized` last. */
export const catalogue = [
  NotHttp11,
  UrlNotFound,
  HttpsRequired,
  BadRequest,
  RequestExpired,
  AuthFailure,
  SignatureDoesNotMatch,
  ParameterError,
  RequestRunning,
  SystemError,
  Timeout,
  StatusError,
  RecordValidateError,
  MonitoringFailed,
  ResourceNotExist,
  UnrelateError,
  Unrecognized,
  ChangeOutcomeUnknown
] as const

export type DoApiReasonClass = (typeof catalogue)[number]

// Documented HTTP status of each reason on IIJ's page; `any` where the API answers at any status.
const documentedStatuses: Readonly<Record<string, string>> = {
  NotHttp11: "505",
  UrlNotFound: "404",
  HttpsRequired: "403",
  BadRequest: "400",
  RequestExpired: "400",
  AuthFailure: "401",
  SignatureDoesNotMatch: "403",
  ParameterError: "400 / 200",
  RequestRunning: "200",
  SystemError: "500",
  Timeout: "503",
  StatusError: "403",
  RecordValidateError: "200",
  MonitoringFailed: "200",
  ResourceNotExist: "200",
  UnrelateError: "200",
  Unrecognized: "any",
  ChangeOutcomeUnknown: "none (client)"
}

/** The HTTP status IIJ documents for a reason (its error page), for the reference table. */
export const documentedStatus = (klass: DoApiReasonClass): string => documentedStatuses[klass.tag] ?? "any"

/** Reasons the client itself raises (no DO-API answer decodes to them). */
export const clientReasons: ReadonlyArray<DoApiReasonClass> = [ChangeOutcomeUnknown]
