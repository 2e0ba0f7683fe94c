// `@faultline/core/problem`: the problem document's types for a frontend, with no runtime code and
// no dependency (importing it needs no `effect`). The JSON Schema is `@faultline/core/problem.schema.json`.
export type {
  ProblemDocument,
  ProblemExtensionValue,
  ProblemFieldError,
  UpstreamProblemCode
} from "./problemDocument.js"
