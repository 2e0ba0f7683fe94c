// issue 21 on Nest, both platforms: core's problem contract (acme's problemContractFailures) over
// real HTTP, the app's own errors answered by UpstreamExceptionFilter.answerProblem.
import "reflect-metadata"
import { createRequire } from "node:module"
import {
  contractOptions,
  fail,
  NameOutside,
  ownProblemInput,
  problemContractFailures,
  reasons,
  StepFailed
} from "@faultline/acme-vendor"
import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Injectable,
  UseFilters
} from "@nestjs/common"
import { Ajv2020 } from "ajv/dist/2020.js"
import * as Effect from "effect/Effect"
import request from "supertest"
import { describe, expect, it } from "vitest"
import { FaultlineModule, UpstreamExceptionFilter } from "../src/index.js"
import { boot, platforms } from "./app.js"

const schema = createRequire(import.meta.url)("@faultline/core/problem.schema.json")
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema)

@Injectable()
@Catch(NameOutside)
class OwnErrors implements ExceptionFilter {
  constructor(private readonly upstream: UpstreamExceptionFilter) {}
  catch(_error: NameOutside, host: ArgumentsHost): void {
    this.upstream.answerProblem(ownProblemInput, host)
  }
}

@Controller()
@UseFilters(OwnErrors)
class ShapeController {
  @Get("vendor")
  vendor() {
    return Effect.fail(new StepFailed(4242, fail(reasons.rejected())))
  }
  @Get("invalid")
  invalid() {
    return Effect.fail(fail(reasons["invalid-input"]()))
  }
  @Get("own")
  own(): never {
    throw new NameOutside()
  }
}

describe.each(platforms)("an app's own error and a vendor failure, on Nest (%s)", (platform) => {
  it("answer with the same shape, headers and language; extend and the request-id rule hold", async () => {
    const app = await boot(
      platform,
      {
        imports: [FaultlineModule.forRoot(contractOptions)],
        controllers: [ShapeController],
        providers: [OwnErrors]
      },
      false,
      (nest) =>
        nest.use((_req: unknown, res: { setHeader: (n: string, v: string) => void }, next: () => void) => {
          res.setHeader("vary", "Origin")
          next()
        })
    )
    try {
      const failures = await problemContractFailures(async (path, headers) => {
        const res = await request(app.getHttpServer()).get(path).set(headers)
        return { status: res.status, headers: res.headers, body: res.body, text: res.text }
      }, validate)
      expect(failures).toEqual([])
    } finally {
      await app.close()
    }
  })
})
