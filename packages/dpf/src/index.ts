// The public API of @faultline/dpf; everything else is internal.
// The decoder-only entry's exports (decode.ts: decodeError, requestIdOf, DpfError, reasons, catalogue).
export * from "./decode.js"
export * from "./Dpf.js"
export * from "./DpfConfig.js"
export type { DpfJob, DpfRecord, DpfZone } from "./models.js"
export * from "./recordSet.js"
export { referenceMarkdown as dpfReferenceMarkdown } from "./reference.js"
