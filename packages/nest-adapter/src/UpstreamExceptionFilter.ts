import {
  answerFailure,
  type FailureContext,
  type FailureDescription,
  findUpstreamFailure,
  isUpstreamFailure,
  staleContentHeaders,
  validateResponseOptions
} from "@faultline/core"
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from "@nestjs/common"
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core"
import { FAULTLINE_OPTIONS } from "./FaultlineModuleDefinition.js"
import type { UpstreamResponseOptions } from "./options.js"
import { rawResponse, removeHeaders } from "./rawResponse.js"

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response; every other exception gets Nest's own handling, and so does the
 * app's explicit answer: an `HttpException` or an error Nest itself answers with its own status
 * (http-errors' `createError(423, { cause })`), even when its `cause` is an upstream failure.
 * Registered globally by `FaultlineModule`; writes through the platform's HttpAdapter, so it works on
 * Express and Fastify alike. Its options are checked when it is built, so a typo fails the boot.
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
    validateResponseOptions(options)
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const failure =
      host.getType() === "http" && !this.isExplicitAnswer(exception)
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

    if (adapter.isHeadersSent(response)) {
      // Too late for a problem: report it with the status the client already got, and abort the
      // response (as Express does) so the client cannot take the partial body for a whole one.
      const raw = rawResponse(response)
      const sent = raw?.statusCode ?? 200
      answerFailure(failure, request, {
        ...this.options,
        onFailure: (description, context) => this.report(description, { ...context, status: sent }, true)
      })
      if (raw !== undefined) raw.destroy()
      else adapter.end(response)
      return
    }

    const problem = answerFailure(failure, request, {
      ...this.options,
      onFailure: (description, context) => this.report(description, context, false)
    })
    removeHeaders(response, staleContentHeaders)
    for (const [name, value] of Object.entries(problem.headers)) adapter.setHeader(response, name, value)
    adapter.reply(response, problem.body, problem.status)
  }

  // What Nest answers with the exception's own status: the app chose it, so it is not ours to map.
  private isExplicitAnswer(exception: unknown): boolean {
    if (exception instanceof HttpException) return true
    if (isUpstreamFailure(exception)) return false
    return typeof this.isHttpError === "function" && this.isHttpError(exception)
  }

  // Without the app's hook, the log-safe description goes to Nest's logger.
  private report(description: FailureDescription, context: FailureContext<unknown>, aborted: boolean): void {
    if (this.options.onFailure) this.options.onFailure(description, context)
    else if (aborted || context.status >= 500) this.logger.error(description)
    else this.logger.warn(description)
  }
}
