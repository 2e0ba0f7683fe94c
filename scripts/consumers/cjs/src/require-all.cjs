// Plain CommonJS: require() of every entry point of every package gives the same exports as import().
const assert = require("node:assert/strict")
const entries = process.argv.slice(2)
;(async () => {
  for (const entry of entries) {
    const required = require(entry)
    const imported = await import(entry)
    assert.deepEqual(
      Object.keys(required).sort(),
      Object.keys(imported)
        .filter((k) => k !== "default")
        .sort(),
      entry
    )
    assert.ok(Object.keys(required).length > 0, `${entry} exports nothing`)
    // One module instance, whichever way it is loaded (no dual-package hazard).
    for (const key of Object.keys(required)) assert.equal(required[key], imported[key], `${entry} ${key}`)
  }
  console.log(`required ${entries.length} entry points`)
})().catch((error) => {
  console.error(error)
  process.exit(1)
})
