import { answerFailure, type FailureDescription, findUpstreamFailure } from "@faultline/core"
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from "@nestjs/common"
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core"
import { FAULTLINE_OPTIONS } from "./FaultlineModuleDefinition.js"
import type { FailureContext, UpstreamResponseOptions } from "./options.js"

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response; every other exception, HttpExceptions included, gets Nest's own
 * handling. Registered globally by `FaultlineModule`; writes through the platform's HttpAdapter, so
 * it works on Express and Fastify alike.
 */
@Catch()
export class UpstreamExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger(UpstreamExceptionFilter.name)

  constructor(
    @Inject(FAULTLINE_OPTIONS) private readonly options: UpstreamResponseOptions,
    private readonly adapterHost: HttpAdapterHost
  ) {
    // No applicationRef: the adapter is read per exception, as @nestjs/testing sets it after DI.
    super()
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    // An HttpException is the app's explicit answer, even when its `cause` is an upstream failure.
    const failure =
      host.getType() === "http" && !(exception instanceof HttpException)
        ? findUpstreamFailure(exception)
        : undefined
    const adapter = this.adapterHost.httpAdapter
    if (failure === undefined || adapter === undefined) {
      super.catch(exception, host)
      return
    }

    const http = host.switchToHttp()
    const request = http.getRequest<{ headers?: Record<string, string | string[] | undefined> }>()
    const response = http.getResponse<unknown>()
    const problem = answerFailure(failure, request, { ...this.options, onFailure: this.report })

    if (adapter.isHeadersSent(response)) {
      adapter.end(response)
      return
    }
    for (const [name, value] of Object.entries(problem.headers)) adapter.setHeader(response, name, value)
    adapter.reply(response, problem.body, problem.status)
  }

  // Without the app's hook, the log-safe description goes to Nest's logger.
  private readonly report = (description: FailureDescription, context: FailureContext): void => {
    if (this.options.onFailure) this.options.onFailure(description, context)
    else if (context.status >= 500) this.logger.error(description)
    else this.logger.warn(description)
  }
}
