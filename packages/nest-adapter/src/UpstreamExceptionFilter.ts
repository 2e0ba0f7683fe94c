import { STATUS_CODES } from "node:http"
import {
  answerError,
  explicitStatus,
  type FailureContext,
  type FailureDescription,
  staleContentHeaders,
  validateResponseOptions
} from "@faultline/core/adapter"
import { type ArgumentsHost, Catch, HttpException, Inject, Logger } from "@nestjs/common"
import { BaseExceptionFilter, HttpAdapterHost } from "@nestjs/core"
import { FAULTLINE_OPTIONS } from "./FaultlineModuleDefinition.js"
import type { UpstreamResponseOptions } from "./options.js"
import { rawResponse, removeHeaders } from "./rawResponse.js"

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response, following core's adapter rules (`answerError`) as the Express adapter
 * does. Every other exception gets Nest's own handling, and so does the app's explicit answer: an
 * error with its own status (`HttpException`, http-errors' `createError(423, { cause })`, an `Error`
 * with a `status`), even when its `cause` is an upstream failure. A failure after the headers were
 * sent is reported and the response aborted. Registered globally by `FaultlineModule`; writes through
 * the platform's HttpAdapter, so it works on Express and Fastify alike. Its options are checked when
 * it is built, so a typo fails the boot.
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
    const adapter = this.adapterHost.httpAdapter
    if (host.getType() !== "http" || adapter === undefined) {
      super.catch(exception, host)
      return
    }

    const http = host.switchToHttp()
    const request = http.getRequest<{ headers?: Record<string, string | string[] | undefined> }>()
    const response = http.getResponse<unknown>()
    const raw = rawResponse(response)
    const progress = { headersSent: adapter.isHeadersSent(response), statusCode: raw?.statusCode ?? 200 }
    const outcome = answerError(exception, request, progress, {
      ...this.options,
      onFailure: (description, context) => this.report(description, context)
    })

    switch (outcome._tag) {
      case "NotOurs":
        super.catch(this.asNestReads(exception), host)
        return
      case "Abort":
        // Nest would end the response cleanly; abort it, as Express does, so the client cannot take
        // the partial body for a whole one.
        if (raw !== undefined) raw.destroy()
        else adapter.end(response)
        return
      case "Problem": {
        const { status, headers, body } = outcome.answer
        removeHeaders(response, staleContentHeaders)
        for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value)
        adapter.reply(response, body, status)
      }
    }
  }

  /**
   * The app's explicit answer with a status Nest itself does not read (an `Error` with a bare
   * `status`, as Express honours it) would become Nest's 500: give Nest that status, with the
   * standard reason phrase only (never the error's own message), so both adapters answer it alike.
   */
  private asNestReads(exception: unknown): unknown {
    const status = explicitStatus(exception)
    if (status === undefined || exception instanceof HttpException || this.isHttpError(exception)) {
      return exception
    }
    if (status >= 500) this.logger.error(exception)
    const message = STATUS_CODES[status] ?? "Error"
    return new HttpException({ statusCode: status, message }, status, { cause: exception })
  }

  // Without the app's hook, the log-safe description goes to Nest's logger.
  private report(description: FailureDescription, context: FailureContext<unknown>): void {
    if (this.options.onFailure) this.options.onFailure(description, context)
    else if (context.aborted || context.status >= 500) this.logger.error(description)
    else this.logger.warn(description)
  }
}
