// Plain CommonJS: require() of every entry point of every package gives the same exports as import().
const assert = require("node:assert/strict")
const entries = process.argv.slice(2)
;(async () => {
  for (const given of entries) {
    // `types:<entry>`: a types-only entry point, which must load and export nothing at run time.
    const typesOnly = given.startsWith("types:")
    const entry = typesOnly ? given.slice("types:".length) : given
    const required = require(entry)
    if (entry.endsWith(".json")) {
      // A JSON entry (the problem document's JSON Schema): the same document both ways.
      const imported = await import(entry, { with: { type: "json" } })
      assert.deepEqual(required, imported.default, entry)
      assert.ok(Object.keys(required).length > 0, `${entry} is empty`)
      continue
    }
    const imported = await import(entry)
    assert.deepEqual(
      Object.keys(required).sort(),
      Object.keys(imported)
        .filter((k) => k !== "default")
        .sort(),
      entry
    )
    if (typesOnly) assert.equal(Object.keys(required).length, 0, `${entry} holds types only`)
    else assert.ok(Object.keys(required).length > 0, `${entry} exports nothing`)
    // One module instance, whichever way it is loaded (no dual-package hazard).
    for (const key of Object.keys(required)) assert.equal(required[key], imported[key], `${entry} ${key}`)
  }
  console.log(`required ${entries.length} entry points`)
})().catch((error) => {
  console.error(error)
  process.exit(1)
})
