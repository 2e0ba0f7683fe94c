/**
 * A `Vary` value with `add` joined to what the response already says (CORS middleware sets
 * `Vary: Origin`, which a problem must keep). `*` stays `*`; a field already named is not repeated.
 */
export const mergeVary = (existing: unknown, add: string): string => {
  // Nothing said yet (the usual case): a single field is said as it is.
  if ((existing === undefined || existing === "") && !add.includes(",")) return add.trim()
  const current = Array.isArray(existing) ? existing.join(",") : typeof existing === "string" ? existing : ""
  const fields = current
    .split(",")
    .map((f) => f.trim())
    .filter((f) => f !== "")
  if (fields.includes("*")) return "*"
  const wanted = add.split(",").map((f) => f.trim())
  for (const field of wanted) {
    if (!fields.some((f) => f.toLowerCase() === field.toLowerCase())) fields.push(field)
  }
  return fields.join(", ")
}
