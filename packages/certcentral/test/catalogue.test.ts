import { defaultStatus, locales, toProblem } from "@faultline/core"
import * as Redacted from "effect/Redacted"
import { describe, expect, it } from "vitest"
import { byCode, catalogue, fallbackReasons } from "../src/catalogue.js"
import { decodeError } from "../src/decodeError.js"
import { documented } from "./documented.js"

const body = (code: string) => JSON.stringify({ errors: [{ code, message: "DigiCert wording" }] })

describe("catalogue", () => {
  it.each(documented)("%i %s decodes to %s", (status, code, tag) => {
    const error = decodeError({ status, body: body(code) })
    expect(error?._tag).toBe("CertCentralError")
    const reason = error?.reason
    expect(reason?._tag).toBe(tag)
    // The raw code is kept redacted; `code` is the log-safe one (a qualifier such as a domain hashed).
    expect(reason?.upstreamCode && Redacted.value(reason.upstreamCode)).toBe(code)
    expect(reason?.vendor).toBe("certcentral")
    expect(reason?.upstreamStatus).toBe(status)
    const klass = catalogue.find((k) => k.tag === tag)
    expect(klass).toBeDefined()
    expect(reason?.category).toBe(klass?.spec.category)
    expect(reason?.retry).toBe(klass?.spec.retry)
    const problem = toProblem(error)
    expect(problem.status).toBe(defaultStatus(klass?.spec.category ?? "upstream-error"))
    expect(JSON.stringify(problem)).not.toContain("DigiCert wording")
  })

  it("covers every documented code and nothing is left without a test row", () => {
    const tested = new Set(documented.map(([, , tag]) => tag))
    const documentedClasses = catalogue.filter((k) => !fallbackReasons.includes(k))
    expect(documentedClasses.map((k) => k.tag).sort()).toEqual([...tested].sort())
    expect(byCode.size).toBe(documentedClasses.length)
  })

  it("has unique tags and codes", () => {
    expect(new Set(catalogue.map((k) => k.tag)).size).toBe(catalogue.length)
    expect(new Set(catalogue.map((k) => k.spec.code)).size).toBe(catalogue.length)
  })

  it.each(catalogue.map((k) => [k.tag, k] as const))("%s has our own en and ja text", (_tag, klass) => {
    for (const locale of locales) {
      const text = klass.spec.text?.[locale]
      expect(text?.title.length).toBeGreaterThan(0)
      expect(text?.detail.length).toBeGreaterThan(0)
    }
    // Japanese text is really Japanese, English text is not.
    expect(klass.spec.text?.ja.detail).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    expect(klass.spec.text?.en.detail).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
  })

  it("follows DESIGN.md's families", () => {
    for (const klass of catalogue) {
      const { code, category } = klass.spec
      if (code.startsWith("rfc5280_") || code.startsWith("csr_invalid_"))
        expect(category).toBe("invalid-input")
      if (code.startsWith("access_denied|")) expect(category).toBe("misconfigured")
    }
    expect(byCode.get("not_found|route")?.spec.category).toBe("misconfigured")
    for (const code of [
      "invalid_dns_txt",
      "invalid_dns_cname",
      "file_random_value_not_found",
      "pending_reissue"
    ]) {
      expect(byCode.get(code)?.spec.category).toBe("conflict")
    }
    for (const code of ["product_not_allowed", "ct_logging_disabled", "protected_domain"]) {
      expect(byCode.get(code)?.spec.category).toBe("rejected")
    }
    expect(byCode.get("request_limit_exceeded")?.spec).toMatchObject({ category: "throttled", retry: "safe" })
  })

  it("explains every invalid_* code that is not invalid-input", () => {
    for (const klass of catalogue) {
      if (klass.spec.code.startsWith("invalid_") && klass.spec.category !== "invalid-input") {
        expect(klass.spec.note, klass.tag).toBeTruthy()
      }
    }
  })
})
