import "reflect-metadata"
import type { Category } from "@faultline/core"
import type { ServerResponse } from "node:http"
import {
  Controller,
  Get,
  Header,
  HttpCode,
  HttpException,
  type INestApplication,
  type LoggerService,
  type ModuleMetadata,
  Param,
  Post,
  Res
} from "@nestjs/common"
import { ExpressAdapter } from "@nestjs/platform-express"
import { FastifyAdapter } from "@nestjs/platform-fastify"
import { Test } from "@nestjs/testing"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { doApiFailure, fail, reasons } from "@faultline/acme-vendor"

export type Platform = "express" | "fastify"
export const platforms: ReadonlyArray<Platform> = ["express", "fastify"]

/** A service the Effect-returning controller needs from the module's layer. */
export class Orders extends Context.Service<
  Orders,
  { readonly status: (id: string) => Effect.Effect<string, ReturnType<typeof fail>> }
>()("test/Orders") {}

const category = (name: string): Category => name as Category

@Controller()
export class FailingController {
  @Get("fail/:category")
  thrown(@Param("category") name: string): never {
    throw fail(reasons[category(name)]())
  }

  @Get("do-api")
  doApi(): never {
    throw doApiFailure()
  }

  @Get("rejected/:category")
  async rejected(@Param("category") name: string): Promise<never> {
    // What an app gets when it awaits an Effect program itself.
    return Effect.runPromise(Effect.fail(fail(reasons[category(name)]())))
  }

  @Get("cause")
  cause(): never {
    throw Cause.fail(fail(reasons.timeout()))
  }

  @Get("bare-reason")
  bareReason(): never {
    throw reasons["not-found"]()
  }

  @Get("teapot")
  teapot(): never {
    throw new HttpException({ message: "short and stout", statusCode: 418 }, 418)
  }

  @Get("http-exception-with-cause")
  httpExceptionWithCause(): never {
    throw new HttpException("Bad gateway, deliberately", 502, { cause: fail(reasons.timeout()) })
  }

  @Get("content-headers")
  @Header("Content-Disposition", 'attachment; filename="zones.csv"')
  @Header("Content-Language", "fr")
  @Header("Access-Control-Allow-Origin", "https://app.example.com")
  contentHeaders(): never {
    // Set for the CSV the route meant to send: they must not describe the problem.
    throw doApiFailure()
  }

  @Get("http-error")
  httpError(): never {
    // http-errors' createError(423, "Order is locked", { cause }): Nest answers it with its own status.
    throw Object.assign(new Error("Order is locked", { cause: doApiFailure() }), {
      status: 423,
      statusCode: 423,
      expose: true
    })
  }

  @Get("status-only")
  statusOnly(): never {
    // A `status` Nest alone does not read (Express's final handler does): still the app's answer.
    throw Object.assign(new Error("locked", { cause: doApiFailure() }), { status: 423 })
  }

  @Get("stream-then-fail")
  streamThenFail(
    @Res() response: { readonly raw?: ServerResponse } & Partial<ServerResponse>
  ): Promise<never> {
    const raw = (response.raw ?? response) as ServerResponse
    raw.writeHead(200, { "content-type": "text/plain" })
    raw.write("partial ")
    // Fails once the client has the first chunk.
    return new Promise((_resolve, reject) => setTimeout(() => reject(doApiFailure()), 20))
  }

  @Get("plain-error")
  plainError(): never {
    throw new Error("database password is hunter2")
  }
}

@Controller("orders")
export class OrdersController {
  @Get(":id")
  status(@Param("id") id: string) {
    return Effect.gen(function* () {
      const orders = yield* Orders
      return { id, status: yield* orders.status(id) }
    })
  }

  @Get(":id/teapot")
  teapot() {
    return Effect.fail(new HttpException("I'm a teapot", 418))
  }

  @Get(":id/explicit")
  explicit() {
    // The app chose its answer: an HttpException wins even though its cause is an upstream failure.
    return Effect.fail(new HttpException("Gateway says no", 502, { cause: fail(reasons.timeout()) }))
  }

  @Get(":id/void")
  nothing() {
    return Effect.void
  }

  @Post(":id/void")
  nothingPosted() {
    return Effect.void
  }

  @Get(":id/accepted")
  @HttpCode(202)
  accepted() {
    return Effect.void
  }

  @Get(":id/defect")
  defect() {
    return Effect.die(new Error("kaboom with a secret"))
  }
}

/** Boots a Nest app on the platform, listening on 127.0.0.1 with an OS-chosen port. */
export const boot = async (
  platform: Platform,
  metadata: ModuleMetadata,
  logger: LoggerService | false = false,
  configure: (app: INestApplication) => void = () => {}
): Promise<INestApplication> => {
  const moduleRef = await Test.createTestingModule(metadata).compile()
  const app = moduleRef.createNestApplication(
    platform === "express" ? new ExpressAdapter() : new FastifyAdapter(),
    { logger }
  )
  configure(app)
  await app.listen(0, "127.0.0.1")
  if (platform === "fastify") await app.getHttpAdapter().getInstance().ready()
  return app
}

/** A Nest logger that keeps what it is given, to check what reaches the app's logs. */
export class RecordingLogger implements LoggerService {
  readonly entries: Array<{ readonly level: string; readonly message: unknown; readonly context: unknown }> =
    []
  log(message: unknown, context?: unknown) {
    this.entries.push({ level: "log", message, context })
  }
  error(message: unknown, ...rest: Array<unknown>) {
    this.entries.push({ level: "error", message, context: rest.at(-1) })
  }
  warn(message: unknown, context?: unknown) {
    this.entries.push({ level: "warn", message, context })
  }
}
