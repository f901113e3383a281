import { Body, Controller, HttpCode, Inject, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import { isJurisdiction, isOfferedIn } from '@rightsflow/domain';
import { RIGHTSFLOW_CONFIG, subjectKey } from '@rightsflow/platform';
import type { HttpResponse } from '../http/http-types';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { SubmissionInvalidError } from '../submission/intake-errors';
import { IntakeService, SubmitOutcome } from '../submission/intake.service';
import { GPC_REQUEST_TYPE } from './gpc';
import { SiteKeyGuard } from './site-key.guard';

/**
 * R28: the company's own web sites relay a signed-in visitor's Global Privacy
 * Control signal. It becomes an opt-out of sale/sharing like any other (no
 * verification, R04; recipients told, R18), at most one per person, law and
 * day (the idempotency key), and the answer is the same whether or not we hold
 * data about the person.
 */
@ApiTags('global privacy control')
@ApiBearerAuth()
@Controller('api/v1/gpc-signals')
@UseFilters(IntakeHttpExceptionFilter)
@UseGuards(SiteKeyGuard)
export class GpcSignalsController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: "Record a GPC signal for one of our site's visitors: an opt-out of sale/sharing, no verification",
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['email'],
      properties: { email: { type: 'string' }, jurisdiction: { type: 'string', default: 'CCPA' } },
    },
  })
  @ApiResponse({ status: 201, description: 'The opt-out request was created.' })
  @ApiResponse({ status: 200, description: 'Already recorded today for this person and law.' })
  @ApiResponse({ status: 400, description: 'A field is missing or malformed; `fields` names each.' })
  @ApiResponse({ status: 401, description: 'No or a wrong site key.' })
  async record(@Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<SubmitOutcome> {
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const jurisdiction = fields['jurisdiction'] ?? 'CCPA';
    if (fields['customerId'] !== undefined) {
      throw new SubmissionInvalidError([
        { field: 'customerId', message: 'is not accepted yet: send the visitor’s email' },
      ]);
    }
    if (isJurisdiction(jurisdiction) && !isOfferedIn(GPC_REQUEST_TYPE, jurisdiction)) {
      throw new SubmissionInvalidError([
        { field: 'jurisdiction', message: `has no opt-out of sale or sharing (${jurisdiction})` },
      ]);
    }
    const email = fields['email'];
    const day = new Date().toISOString().slice(0, 10);
    const person = typeof email === 'string' ? subjectKey(this.config.secrets.hmacKey, email) : 'none';
    const outcome = await this.intake.submit(
      { type: GPC_REQUEST_TYPE, jurisdiction, email },
      { via: 'api', gpc: true, idempotencyKey: `gpc:${String(jurisdiction).slice(0, 16)}:${day}:${person}` },
    );
    response.status(outcome.replayed ? 200 : 201);
    // The site gets no status token: the person hears from us by email.
    const { statusToken: _token, ...answer } = outcome;
    return answer;
  }
}
