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
  UrlNotFound
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
  Unrecognized
] as const

/** Any DO-API reason: what `Effect.catchReason("DoApiError", tag, ...)` narrows. */
export type DoApiReason = InstanceType<(typeof catalogue)[number]>
