import { decodeError as certCentral } from "@faultline/certcentral"
import { decodeError as doApi } from "@faultline/do-api"
import { decodeError as dpf } from "@faultline/dpf"
import { certCentralFixtures, doApiFixtures, dpfFixtures } from "@faultline/testing"
const which = process.argv[2] ?? "cc"
const [decode, fx] = {
  cc: [certCentral, certCentralFixtures],
  do: [doApi, doApiFixtures],
  dpf: [dpf, dpfFixtures]
}[which]
const bodies = fx.filter((f) => f.body.length > 0)
let sink = 0
const t0 = Date.now()
while (Date.now() - t0 < Number(process.argv[3] ?? 4000)) {
  for (const f of bodies)
    for (let i = 0; i < 50; i++) sink += decode({ status: f.status, headers: {}, body: f.body }) ? 1 : 0
}
console.log(sink)
