/** A response as a vendor's `decodeError` reads it: the same input for every vendor. */
export interface ErrorResponse {
  readonly status: number
  /** A plain record (any case) or a `Headers`-like object with `get`; only `Retry-After` is read. */
  readonly headers?: unknown
  /** The body as text, bytes (`Uint8Array`, `ArrayBuffer`, any view) or already-parsed JSON. */
  readonly body?: unknown
}

/** The options of every vendor's `decodeError`. */
export interface DecodeOptions {
  /** Epoch ms for reading an HTTP-date `Retry-After`; defaults to `Date.now()`. */
  readonly now?: number | undefined
  /** Longer text bodies are not parsed (they decode by status). Default 8 MiB (core's bound). */
  readonly maxBodyLength?: number | undefined
}

/** A vendor's decoder: total and synchronous, its error for a failed response, `undefined` for a success. */
export type DecodeError<E> = (response: ErrorResponse, options?: DecodeOptions) => E | undefined
