import * as Redacted from "effect/Redacted"

// What a faultline client needs to reach a simulator, shaped like the vendor packages' options
// (`CertCentralOptions`, `DoApiOptions`, `DpfOptions`, `AcmeOptions`) without importing them: the
// simulators stay independent of the clients. Secrets are `Redacted`, as the clients take them, so
// `CertCentral.make(handle.clientOptions)` (or a spread with more options) works as it is.

/** `{ baseUrl, apiKey }` for `@faultline/certcentral`: the simulator's URL and its first key. */
export interface CertCentralClientOptions {
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted<string>
}

/** `{ baseUrl, serviceCode, accessKey, secretKey }` for `@faultline/do-api`: the first key pair. */
export interface DoApiClientOptions {
  readonly baseUrl: string
  readonly serviceCode: string
  readonly accessKey: Redacted.Redacted<string>
  readonly secretKey: Redacted.Redacted<string>
}

/** `{ baseUrl, token }` for `@faultline/dpf`: the simulator's URL (with `/dpf/v1`) and its first token. */
export interface DpfClientOptions {
  readonly baseUrl: string
  readonly token: Redacted.Redacted<string>
}

/** `{ baseUrl, apiKey }` for the acme example vendor. */
export interface AcmeClientOptions {
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted<string>
}

/** `secrets` wrapped in `Redacted`, the rest as given: one frozen object per handle. */
export const clientOptions = <A extends Record<string, string>, S extends Record<string, string>>(
  plain: A,
  secrets: S
): Readonly<A & { readonly [K in keyof S]: Redacted.Redacted<string> }> =>
  Object.freeze({
    ...plain,
    ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [key, Redacted.make(value)]))
  }) as Readonly<A & { readonly [K in keyof S]: Redacted.Redacted<string> }>
