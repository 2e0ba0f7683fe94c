import type { LocalizedText } from "./Locale.js"

/**
 * One rejected field of an invalid-input failure, shown to the caller as an entry of the problem's
 * `errors`. `param` names a request parameter, `pointer` a JSON Pointer into the caller's body.
 * `code` is a stable, machine-readable code (e.g. `invalid_value`, or a vendor's validation code).
 * Both are shown to the caller, so a vendor puts only known identifiers here: a parameter it
 * documents for the endpoints it calls (or a field of the caller's own request) and a code it
 * catalogues; anything upstream-written becomes a generic issue (core also drops names that are not
 * short identifiers).
 * `text` is our own wording for it; without it core's catalogue describes the code.
 */
export interface FieldIssue {
  readonly param?: string | undefined
  readonly pointer?: string | undefined
  readonly code: string
  readonly text?: LocalizedText | undefined
}
