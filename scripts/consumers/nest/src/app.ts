// A consumer with only @faultline/core, @faultline/do-api and @faultline/nest-adapter: a Nest app
// (platform-express) whose DO-API call fails upstream, answered as a problem over real HTTP. The
// same source is installed against Nest 11 and Nest 12 (scripts/check-consumers.mjs).
import "reflect-metadata"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import type { FailureDescription } from "@faultline/core"
import { DoApi } from "@faultline/do-api"
import { EffectRoute, FaultlineModule } from "@faultline/nest-adapter"
import { Controller, Get, HttpCode, Module, Param } from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// The upstream: DO-API answering every call with ResourceNotExist (a 200 with an ErrorResponse).
const upstreamRequestId = "0123456789ABCDEF0123456789ABCDEF"
const upstream = createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(
    JSON.stringify({
      ErrorResponse: {
        RequestId: upstreamRequestId,
        ErrorType: "ResourceNotExist",
        ErrorMessage: "The specified resource does not exist."
      }
    })
  )
})
await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve))

const AppLayer = DoApi.layer({
  accessKey: Redacted.make("smoke-access-key"),
  secretKey: Redacted.make("smoke-secret-key"),
  serviceCode: "do00000001",
  baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`
}).pipe(Layer.provide(FetchHttpClient.layer))

@Controller("zones")
class ZonesController {
  @Get(":zone/records")
  @EffectRoute(AppLayer)
  records(@Param("zone") zone: string) {
    return DoApi.use((doApi) => doApi.listRecords(zone)).pipe(Effect.map((list) => list.records))
  }
}

// An Effect that succeeds with nothing answers 204, unless the route chose its status with
// `@HttpCode` (which the adapter reads through the public decorator on Nest 11 and 12 alike).
@Controller("health")
class HealthController {
  @Get("quiet")
  quiet() {
    return Effect.void
  }

  @Get("chosen")
  @HttpCode(200)
  chosen() {
    return Effect.void
  }
}

const seen: Array<FailureDescription> = []
@Module({
  imports: [FaultlineModule.forRoot({ layer: AppLayer, onFailure: (d) => void seen.push(d) })],
  controllers: [ZonesController, HealthController]
})
class AppModule {}

const app = await NestFactory.create(AppModule, { logger: ["error"] })
app.enableShutdownHooks()
await app.listen(0, "127.0.0.1")
console.log(`LISTENING ${(app.getHttpServer().address() as AddressInfo).port} ${upstreamRequestId}`)
process.on("SIGTERM", () => upstream.close())
