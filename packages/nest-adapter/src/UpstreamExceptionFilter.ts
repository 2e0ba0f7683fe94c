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
import { FAULTLINE_OPTIONS } from "./tokens.js"
import type { UpstreamResponseOptions } from "./options.js"
import { rawResponse, removeHeaders } from "./rawResponse.js"

/**
 * Answers faultline failures (also inside a rejected `Effect.runPromise` error or a `Cause`) with
 * core's problem+json response, following core's adapter rules (`answerError`) as the Express adapter
 * does. Every other exception gets Nest's own handling, and so does the app's explicit answer: an
 * error with its own status (`HttpException`, http-errors' `createError(423, { cause })`, an `Error`
 * with a `status`), even when its `cause` is an upstream failure. A failure after the headers were
 * sent is reported and the response aborted. Registered globally by `FaultlineModule` unless
 * `globalFilter: false` (then register it yourself, or call `answer` from your own filter); writes through
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
    if (!this.answer(exception, host)) super.catch(this.asNestReads(exception), host)
  }

  /**
   * Answers the exception if it is a faultline failure (a problem, or an aborted response when the
   * headers were already sent) and returns `true`; returns `false` without touching the response for
   * anything else, and outside HTTP. For an app's own catch-all filter that registers this one with
   * `globalFilter: false`: `if (!this.upstream.answer(exception, host)) ...` (inject
   * `UpstreamExceptionFilter`, which `FaultlineModule` exports).
   */
  answer(exception: unknown, host: ArgumentsHost): boolean {
    const adapter = this.adapterHost.httpAdapter
    if (host.getType() !== "http" || adapter === undefined) return false

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
        return false
      case "Abort":
        // Nest would end the response cleanly; abort it, as Express does, so the client cannot take
        // the partial body for a whole one.
        if (raw !== undefined) raw.destroy()
        else adapter.end(response)
        return true
      case "Problem": {
        const { status, headers, body } = outcome.answer
        removeHeaders(response, staleContentHeaders)
        for (const [name, value] of Object.entries(headers)) adapter.setHeader(response, name, value)
        // The status first, then the body without one: Nest 11's Express adapter replaces a content
        // type other than `application/json` when `reply` is given an error status with an object
        // (Nest 12 accepts any `+json` type), so our `application/problem+json` stays on both majors.
        adapter.status(response, status)
        adapter.reply(response, body)
        return true
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

  // Without the app's hook, the log-safe description goes to Nest's logger, with our request id (the
  // client's X-Request-Id and the problem's instance) and the status sent, so a support ticket quoting
  // either id finds the line.
  private report(description: FailureDescription, context: FailureContext<unknown>): void {
    if (this.options.onFailure) {
      this.options.onFailure(description, context)
      return
    }
    const line = {
      ...description,
      requestId: context.requestId,
      status: context.status,
      aborted: context.aborted
    }
    if (context.aborted || context.status >= 500) this.logger.error(line)
    else this.logger.warn(line)
  }
}
