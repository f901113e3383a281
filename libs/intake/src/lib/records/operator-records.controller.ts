import { BadRequestException, Controller, Get, Inject, NotFoundException, Param, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { HttpResponse } from '../http/http-types';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { REQUEST_ID_PATTERN } from '../registry/ids';
import { MetricsRange, metricsRange, RequestMetrics } from './metrics';
import { metricsCsv, metricsHtml } from './metrics-format';
import { OperatorRecords, RequestTimeline } from './operator-records';
import { OperatorAuthGuard, RequireOperatorRole } from '../operators/operator-auth.guard';

/** Express's streaming half of a response, which HttpResponse leaves out. */
interface StreamingResponse extends HttpResponse {
  write(chunk: string): boolean;
  end(): void;
  destroy(error?: Error): void;
  once(event: 'drain' | 'close', listener: () => void): void;
}

class ClientGoneError extends Error {}

function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new BadRequestException(`${name} must be an ISO date or instant`);
  return date;
}

/** Operator records (R21, R22): metrics, a request's timeline, the request log as CSV. An operator's token, viewer or approver. */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('api/v1/operator')
@UseFilters(IntakeHttpExceptionFilter)
@UseGuards(OperatorAuthGuard)
@RequireOperatorRole('viewer')
export class OperatorRecordsController {
  constructor(
    private readonly records: OperatorRecords,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  @Get('metrics')
  @ApiOperation({ summary: 'R22 metrics per request type for a calendar year (year) or a range of receipt dates (from, to: ISO dates, both included)' })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'html'] })
  async metrics(
    @Query('year') year: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<RequestMetrics | string> {
    const range: MetricsRange | null = metricsRange({ year, from, to }, this.config.policy.timeZone);
    if (!range) throw new BadRequestException('Give year=YYYY, or from and to (ISO dates, from before to)');
    if (format !== undefined && !['json', 'csv', 'html'].includes(format)) throw new BadRequestException('format is json, csv or html');
    const metrics = await this.records.metrics(range);
    response.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') {
      response.type('text/csv; charset=utf-8');
      response.setHeader('Content-Disposition', `attachment; filename="request-metrics-${metrics.from.slice(0, 10)}.csv"`);
      return metricsCsv(metrics);
    }
    if (format === 'html') {
      response.type('text/html; charset=utf-8');
      return metricsHtml(metrics, this.config.mail.brandName);
    }
    return metrics;
  }

  @Get('requests/:id/timeline')
  @ApiOperation({ summary: 'R21 a request’s log entries and its workflow history (event types and times)' })
  async timeline(@Param('id') id: string, @Res({ passthrough: true }) response: HttpResponse): Promise<RequestTimeline> {
    const timeline = REQUEST_ID_PATTERN.test(id) ? await this.records.timeline(id) : null;
    if (!timeline) throw new NotFoundException('No such request');
    response.setHeader('Cache-Control', 'no-store');
    return timeline;
  }

  @Get('request-log.csv')
  @ApiOperation({ summary: 'R21 the request log as CSV, streamed; entries at or after from and before to (ISO instants, both optional)' })
  async requestLogCsv(@Query('from') from: string | undefined, @Query('to') to: string | undefined, @Res() response: StreamingResponse): Promise<void> {
    const range = { from: instant(from, 'from'), to: instant(to, 'to') };
    response.status(200);
    response.type('text/csv; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Disposition', 'attachment; filename="request-log.csv"');
    let closed = false;
    const gone = new Promise<void>((resolve) => response.once('close', () => resolve(void (closed = true))));
    try {
      await this.records.streamLogCsv(range, async (chunk) => {
        if (closed) throw new ClientGoneError();
        if (!response.write(chunk)) await Promise.race([new Promise<void>((resolve) => response.once('drain', resolve)), gone]);
      });
    } catch (error) {
      // Past the headers an error can only cut the stream short; a client that left needs nothing.
      if (!(error instanceof ClientGoneError)) response.destroy(error instanceof Error ? error : undefined);
      return;
    }
    response.end();
  }
}
