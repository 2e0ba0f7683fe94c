import "reflect-metadata"
import { FaultlineModule, UpstreamExceptionFilter } from "@faultline/nest-adapter"
import {
  type ArgumentsHost,
  Body,
  Catch,
  Controller,
  type DynamicModule,
  type ExceptionFilter,
  Get,
  Injectable,
  type INestApplication,
  type LogLevel,
  Module,
  Param,
  Post,
  Res,
  UseFilters
} from "@nestjs/common"
import { NestFactory } from "@nestjs/core"
import * as Effect from "effect/Effect"
import type { Response } from "express"
import { Certificates, InvalidCertificateRequest, NameOutsideZones, OrderStepFailed } from "./certificates.js"
import { assignRequestId, ownProblem, responseOptions } from "./http.js"
import type { GatewayRuntime } from "./runtime.js"
import type { GatewaySettings } from "./settings.js"

/**
 * The gateway's own errors, answered by faultline's filter with `problem()` under the module's
 * options: the same shape, headers and language as the Express twin's and as an upstream failure.
 */
@Injectable()
@Catch(InvalidCertificateRequest, NameOutsideZones, OrderStepFailed)
class OwnErrorsFilter implements ExceptionFilter {
  constructor(private readonly upstream: UpstreamExceptionFilter) {}
  catch(error: unknown, host: ArgumentsHost): void {
    const problem = ownProblem(error)
    // A step that failed upstream (the usual `OrderStepFailed`) is the module's filter's to answer.
    if (problem === undefined) this.upstream.catch(error, host)
    else this.upstream.answerProblem(problem, host)
  }
}

/**
 * The same routes as the Express twin. Controllers return Effects: FaultlineModule's interceptor runs
 * them on the gateway's runtime and its filter answers every upstream failure.
 */
@Controller("certificates")
@UseFilters(OwnErrorsFilter)
class CertificatesController {
  @Post()
  create(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return Certificates.use((certificates) => certificates.issue(body)).pipe(
      Effect.tap((result) =>
        Effect.sync(() => {
          res.status(result.status === "issued" ? 201 : 202).location(`/certificates/${result.id}`)
        })
      )
    )
  }

  @Get(":id")
  get(@Param("id") id: string) {
    return Certificates.use((certificates) => certificates.get(id))
  }
}

@Module({})
class GatewayModule {
  static register(runtime: GatewayRuntime, settings: GatewaySettings): DynamicModule {
    return {
      module: GatewayModule,
      // The runtime is the app's (shared with nothing else here, disposed by whoever built it).
      imports: [FaultlineModule.forRoot({ ...responseOptions(settings), runtime })],
      controllers: [CertificatesController],
      providers: [OwnErrorsFilter]
    }
  }
}

export interface NestGatewayOptions {
  /** Nest's own log levels; `false` for none (the demo and the tests). */
  readonly logger?: false | ReadonlyArray<LogLevel> | undefined
}

/** The gateway on NestJS (platform-express), not listening yet: call `app.listen(port)`. */
export const nestGateway = async (
  runtime: GatewayRuntime,
  settings: GatewaySettings,
  options: NestGatewayOptions = {}
): Promise<INestApplication> => {
  const app = await NestFactory.create(
    GatewayModule.register(runtime, settings),
    options.logger === undefined ? {} : { logger: options.logger === false ? false : [...options.logger] }
  )
  app.getHttpAdapter().getInstance().disable("x-powered-by")
  app.use(assignRequestId)
  return app
}
