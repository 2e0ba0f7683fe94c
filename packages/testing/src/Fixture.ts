/** One documented vendor error as it appears on the wire. */
export interface Fixture {
  /**
   * The vendor's code: CertCentral's `errors[].code` (parameterised ones with a sample parameter),
   * DO-API's `ErrorType`, or `http_<n>` for DO-API's status-only errors.
   */
  readonly code: string
  readonly status: number
  /** The exact body text (`""` for a status-only error). */
  readonly body: string
}
