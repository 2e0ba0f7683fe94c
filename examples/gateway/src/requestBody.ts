// The body of `POST /certificates`, read with Schema: a host name (trimmed, lower-cased, the final
// dot dropped) and a PEM certificate request. A body that does not decode gives its issues as a
// list of `{ pointer, code }` (RFC 6901 pointers into the body), which a problem's `errors[]` maps.
import * as JsonPointer from "effect/JsonPointer"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"

const hostName = /^(?=.{1,253}$)(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/
const pemRequest =
  /^-----BEGIN (?:NEW )?CERTIFICATE REQUEST-----[\s\S]+-----END (?:NEW )?CERTIFICATE REQUEST-----\s*$/

/** A DNS host name, as given by the caller (any case, an optional final dot). */
const CommonName = Schema.String.pipe(
  Schema.decodeTo(
    Schema.String.check(Schema.isPattern(hostName)),
    SchemaTransformation.transform({
      decode: (name: string) => name.trim().toLowerCase().replace(/\.$/, ""),
      encode: (name: string) => name
    })
  )
)

/** Something shaped like a PEM certificate request (CertCentral parses it), at most 16 KiB. */
const Csr = Schema.String.check(Schema.isMaxLength(16_384)).pipe(
  Schema.decodeTo(
    Schema.String.check(Schema.isPattern(pemRequest)),
    SchemaTransformation.transform({
      decode: (csr: string) => `${csr.trim()}\n`,
      encode: (csr: string) => csr
    })
  )
)

/** `POST /certificates { commonName, csr }`. */
export const CertificateRequestBody = Schema.Struct({ commonName: CommonName, csr: Csr })
export type CertificateRequest = typeof CertificateRequestBody.Type

/**
 * One thing wrong with a body: where (`pointer`, RFC 6901, `""` for the body itself) and what
 * (`code`: `required`, `invalid_type`, `invalid`, `unexpected`). Never the caller's value.
 */
export interface BodyIssue {
  readonly pointer: string
  readonly code: "required" | "invalid_type" | "invalid" | "unexpected"
}

const pointerOf = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((key) => `/${JsonPointer.escapeToken(String(key))}`).join("")

const leaves = (node: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>): ReadonlyArray<BodyIssue> => {
  switch (node._tag) {
    case "Pointer":
      return leaves(node.issue, [...path, ...node.path])
    case "Encoding":
      return leaves(node.issue, path)
    case "Composite":
    case "AnyOf":
      return node.issues.flatMap((child) => leaves(child, path))
    case "MissingKey":
      return [{ pointer: pointerOf(path), code: "required" }]
    case "InvalidType":
      return [{ pointer: pointerOf(path), code: "invalid_type" }]
    case "UnexpectedKey":
      return [{ pointer: pointerOf(path), code: "unexpected" }]
    default:
      // A check that failed (Filter), a value refused (InvalidValue, Forbidden, OneOf).
      return [{ pointer: pointerOf(path), code: "invalid" }]
  }
}

/** The leaves of a Schema issue tree as `{ pointer, code }`, in order, each pointer and code once. */
export const bodyIssues = (issue: SchemaIssue.Issue): ReadonlyArray<BodyIssue> => {
  const all = leaves(issue, [])
  return all.filter((a, i) => all.findIndex((b) => b.pointer === a.pointer && b.code === a.code) === i)
}

const decode = Schema.decodeUnknownResult(CertificateRequestBody)

/** The body decoded, or every issue found (all of them, not only the first). */
export const decodeBody = (body: unknown): Result.Result<CertificateRequest, ReadonlyArray<BodyIssue>> =>
  Result.mapError(decode(body, { errors: "all" }), (error) => bodyIssues(error.issue))
