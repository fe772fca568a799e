// The public face of leak reports (GitHub's secret-scanning partner program works this way):
// anyone holding a leaked credential may report it, without authenticating. Every report gets the
// same 202 and the same body, answered before any lookup is made: the work (in-memory checks, one
// lookup per kind, revocations, audit and events) runs after the answer, so neither the body nor
// the timing tells a finder whether a string is a live credential.
import { Body, Controller, HttpCode, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { CredentialLeakReports, Public, RefuseCrossSite, TokenAuthenticator, type AuthenticatableRequest } from 'nestjs-api-tokens';
import { LeakReportGuard } from './leak-report.guard.js';
import { LeakReportAccepted, LeakReportDto } from './leak-report.dto.js';

/** Express's response or Fastify's reply: the Node.js response is the one or under `raw`. */
interface ResponseLike {
  readonly raw?: NodeJS.EventEmitter;
  once(event: 'finish' | 'close', listener: () => void): unknown;
}

/** How long after the answer the report's work starts. */
const WORK_DELAY_MS = 10;

const ACCEPTED: LeakReportAccepted = Object.freeze({
  status: 'received',
  message: 'Thank you. Every live credential among those reported is revoked, and its owner is told.',
});

@ApiTags('Leak reports')
@Controller('api/credentials')
export class LeakReportsController {
  private readonly logger = new Logger('LeakReports');

  constructor(
    private readonly reports: CredentialLeakReports,
    private readonly authenticator: TokenAuthenticator,
  ) {}

  @Public()
  // Guards run in the order their decorators are applied, bottom-up: the limiter and the JSON
  // check (LeakReportGuard) after the cross-site refusal, so a page on another site gets its 403
  // and never spends the address's reports.
  @UseGuards(LeakReportGuard)
  // Scanners and people report with curl or server code; a browser page on another site has no
  // business here (it knows no secret of its visitor's anyway): refused like registration.
  @RefuseCrossSite()
  @Post('report')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Report leaked credentials (public): live ones are revoked at once; the answer is the same whatever was found',
    description: 'JSON only. Rate-limited per client address (LEAK_REPORT_LIMIT per LEAK_REPORT_WINDOW_SECONDS).',
  })
  @ApiAcceptedResponse({ type: LeakReportAccepted })
  @ApiTooManyRequestsResponse({ description: 'Too many reports from this address (Retry-After says when to retry)' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not JSON' })
  report(@Req() req: AuthenticatableRequest, @Body() body: LeakReportDto, @Res({ passthrough: true }) res: ResponseLike): LeakReportAccepted {
    const ip = this.authenticator.clientAddress(req);
    const work = (): void => {
      this.reports.report(body.credentials, { source: body.source, ip }).catch((error: unknown) => {
        this.logger.error(`leak report not processed: ${(error as Error).message}`);
      });
    };
    // After the answer has left: found or not, the response is written before the first lookup
    // (Express's response and Fastify's reply.raw are Node's ServerResponse: 'finish', then
    // 'close'), and the work waits a few milliseconds more, so that its CPU time does not delay
    // the client reading this answer on a busy host either (scripts/timing.mjs measures it).
    const raw = res.raw ?? res;
    let started = false;
    const start = (): void => {
      if (started) return;
      started = true;
      setTimeout(work, WORK_DELAY_MS);
    };
    raw.once('finish', start);
    raw.once('close', start);
    return ACCEPTED;
  }
}
