import { doApiListedForm, doApiWireFacts } from "@faultline/testing"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { canonicalOwner, compareRecord, findRecord, lookForRecord } from "../src/canonical.js"
import type { DnsRecord, NewDnsRecord } from "../src/DnsRecord.js"

// The client's reading of IIJ's listed form, pinned to the public examples and checked against the
// simulator's independent reading (@faultline/testing's doApiListedForm).

const listed = (
  fields: Partial<DnsRecord> & Pick<DnsRecord, "owner" | "recordType" | "rdata">
): DnsRecord => ({
  id: "1",
  status: "ADDING",
  ttl: 300,
  description: undefined,
  ...fields
})

describe("the listed form, from IIJ's public examples", () => {
  it("lego's detail.json: relative owner and quoted TXT are the record lego sent bare", () => {
    const record = listed({
      owner: "_acme-challenge",
      ttl: 120,
      recordType: "TXT",
      rdata: '"ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"'
    })
    for (const owner of ["_acme-challenge", "_acme-challenge.example.com.", "_ACME-Challenge"]) {
      const wanted = {
        owner,
        ttl: 120,
        recordType: "TXT",
        rdata: "ADw2sEd82DUgXcQ9hNBZThJs7zVJkR5v9JeSbAb9mZY"
      }
      expect(compareRecord(record, "example.com", wanted)).toBe("same")
    }
  })

  it("the error page's line `www 28800 IN A`: owner listed relative", () => {
    const record = listed({ owner: "www", ttl: 28800, recordType: "A", rdata: "192.0.2.1" })
    expect(
      findRecord([record], "example.jp", {
        owner: "www.example.jp.",
        ttl: 28800,
        recordType: "A",
        rdata: "192.0.2.1"
      })
    ).toBe(record)
  })

  it("iij/doapi's FQDN: Owner + '.' + zone, so the apex is @", () => {
    expect(canonicalOwner("example.jp.", "example.jp")).toBe("@")
    expect(canonicalOwner("@", "example.jp")).toBe("@")
    expect(canonicalOwner("a.b.example.jp.", "example.jp")).toBe("a.b")
    // Relative names are relative even when they end like the zone (zone-file rule).
    expect(canonicalOwner("www.example.jp", "example.jp")).toBe("www.example.jp")
  })

  it.each(doApiWireFacts.listing.cases.map((c) => [c.why, c] as const))(
    "wire fact: %s",
    (_, { sent, listed: shown }) => {
      const record = listed({ owner: shown.Owner, recordType: sent.RecordType, rdata: shown.RData })
      const wanted = { owner: sent.Owner, ttl: 300, recordType: sent.RecordType, rdata: sent.RData }
      expect(compareRecord(record, doApiWireFacts.listing.zone, wanted)).toBe("same")
    }
  )
})

describe("unknown, not absent", () => {
  const base: NewDnsRecord = { owner: "_dnsauth", ttl: 300, recordType: "TXT", rdata: "token" }
  it.each([
    ["TXT case", listed({ owner: "_dnsauth", recordType: "TXT", rdata: '"TOKEN"' })],
    ["TXT split in strings", listed({ owner: "_dnsauth", recordType: "TXT", rdata: '"tok" "en"' })],
    ["another TTL", listed({ owner: "_dnsauth", ttl: 600, recordType: "TXT", rdata: '"token"' })],
    ["owner listed absolute", listed({ owner: "_dnsauth.example.jp", recordType: "TXT", rdata: '"token"' })]
  ])("%s: maybe, so the lookup is Unknown", (_, record) => {
    expect(compareRecord(record, "example.jp", base)).toBe("maybe")
    expect(lookForRecord([record], "example.jp", base)).toEqual({ _tag: "Unknown", candidates: [record] })
    expect(findRecord([record], "example.jp", base)).toBeUndefined()
  })

  it("CAA/TLSA/DS data differing only in case or blanks is maybe (their listed form is unconfirmed)", () => {
    const tlsa = listed({ owner: "_443._tcp", recordType: "TLSA", rdata: "3 1 1 ABCDEF" })
    expect(
      compareRecord(tlsa, "example.jp", {
        owner: "_443._tcp",
        ttl: 300,
        recordType: "TLSA",
        rdata: "3  1 1 abcdef"
      })
    ).toBe("maybe")
  })

  it("another value, type or owner is different, and a record being deleted is never it", () => {
    expect(
      lookForRecord([listed({ owner: "_dnsauth", recordType: "TXT", rdata: '"other"' })], "example.jp", base)
        ._tag
    ).toBe("Absent")
    expect(
      lookForRecord(
        [listed({ owner: "_dnsauth", recordType: "CNAME", rdata: "token.example.jp" })],
        "example.jp",
        base
      )._tag
    ).toBe("Absent")
    expect(
      lookForRecord([listed({ owner: "www", recordType: "TXT", rdata: '"token"' })], "example.jp", base)._tag
    ).toBe("Absent")
    for (const status of ["DELETING", "DELETED"]) {
      expect(
        lookForRecord(
          [listed({ status, owner: "_dnsauth", recordType: "TXT", rdata: '"token"' })],
          "example.jp",
          base
        )._tag
      ).toBe("Absent")
    }
    const kept = listed({ status: "UNCHANGED", owner: "_dnsauth", recordType: "TXT", rdata: '"token"' })
    expect(lookForRecord([kept], "example.jp", base)).toEqual({ _tag: "Found", record: kept })
  })
})

// Inputs the client accepts, per type, with relative, absolute and apex owners.
const label = fc.stringMatching(/^[a-z0-9_]([a-z0-9_-]{0,10}[a-z0-9])?$/)
const zone = fc.constantFrom("example.jp", "sub.example.co.jp", "xn--r8jz45g.jp")
const name = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join(".")),
  fc.array(label, { minLength: 2, maxLength: 3 }).map((ls) => `${ls.join(".")}.`)
)
const rdata = fc.oneof(
  fc.tuple(
    fc.constant("A"),
    fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `198.${a}.${b}.${c}`)
  ),
  fc.tuple(
    fc.constant("AAAA"),
    fc
      .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
      .map((gs) => gs.map((g) => g.toString(16)).join(":"))
  ),
  fc.tuple(fc.constantFrom("CNAME", "NS", "PTR"), name),
  fc.tuple(
    fc.constant("MX"),
    fc.tuple(fc.nat(65535), name).map(([p, n]) => `${p} ${n}`)
  ),
  fc.tuple(
    fc.constant("SRV"),
    fc.tuple(fc.nat(65535), fc.nat(65535), fc.nat(65535), name).map((f) => f.join(" "))
  ),
  fc.tuple(fc.constant("TXT"), fc.stringMatching(/^[A-Za-z0-9_=+/-]{1,40}$/)),
  fc.tuple(
    fc.constant("TXT"),
    fc.stringMatching(/^[A-Za-z0-9_=+/-]{1,20}$/).map((v) => `"${v}"`)
  ),
  fc.tuple(
    fc.constant("CAA"),
    fc.stringMatching(/^[a-z0-9.-]{1,20}$/).map((v) => `0 issue "${v}"`)
  ),
  fc.tuple(
    fc.constant("TLSA"),
    fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `3 1 1 ${h}`)
  ),
  fc.tuple(
    fc.constant("DS"),
    fc.stringMatching(/^[0-9a-f]{64}$/).map((h) => `12345 8 2 ${h}`)
  )
)
const record = fc.tuple(
  zone,
  fc.oneof(
    fc.constant("@"),
    fc.array(label, { minLength: 1, maxLength: 3 }).map((ls) => ls.join(".")),
    fc.array(label, { minLength: 0, maxLength: 2 }).map((ls) => (ls.length === 0 ? "" : `${ls.join(".")}.`))
  ),
  rdata,
  fc.constantFrom(300, 600, 3600, 28800, 43200)
)

describe("properties", () => {
  it("what the client sends and how the simulator lists it compare the same", () => {
    fc.assert(
      fc.property(record, ([zone, owner, [type, data], ttl]) => {
        // An absolute owner is written under the zone.
        const sentOwner = owner.endsWith(".") || owner === "" ? `${owner}${zone}.` : owner
        const shown = doApiListedForm({ Owner: sentOwner, RecordType: type, RData: data }, zone)
        const wanted = { owner: sentOwner, ttl, recordType: type, rdata: data }
        const got = listed({ owner: shown.Owner, ttl, recordType: type, rdata: shown.RData })
        expect(compareRecord(got, zone, wanted)).toBe("same")
        expect(findRecord([got], zone, wanted)).toBe(got)
      }),
      { numRuns: 500 }
    )
  })

  it("a listed record of another TXT value is never the wanted one", () => {
    fc.assert(
      fc.property(
        zone,
        label,
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        fc.stringMatching(/^[A-Za-z0-9]{1,20}$/),
        (zone, owner, a, b) => {
          fc.pre(a.toLowerCase() !== b.toLowerCase())
          const got = listed({ owner, recordType: "TXT", rdata: `"${a}"` })
          expect(compareRecord(got, zone, { owner, ttl: 300, recordType: "TXT", rdata: b })).toBe("different")
        }
      )
    )
  })
})
