import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  BadRequestException,
} from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG, verifyClaims } from '@rightsflow/platform';
import { DataStores } from '../company/data-stores';
import { DATA_STORES } from '../data.tokens';
import { recordCallback } from './notify-recipients';

const STATUSES = ['pending', 'in_progress', 'completed', 'cancelled'];

/**
 * OpenDSR status callbacks from processors (R18). The URL we gave each
 * processor carries a token we signed for that one notification, so only the
 * processor we told can report on it. Served on the data service's HTTP port;
 * the public site proxies /processors/callback/* here.
 */
@Controller('processors/callback')
export class ProcessorCallbackController {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
  ) {}

  @Post(':id')
  @HttpCode(204)
  async callback(@Param('id') id: string, @Query('token') token: unknown, @Body() body: unknown): Promise<void> {
    // `?token=a&token=b` arrives as an array: no signature at all.
    const verified = verifyClaims(
      this.config.secrets.linkSigningKey,
      typeof token === 'string' ? token : '',
      'processor-callback',
      Date.now(),
    );
    if (!verified.ok || verified.claims.ref !== id) throw new ForbiddenException('invalid callback signature');
    const payload = (body ?? {}) as { subject_request_id?: unknown; request_status?: unknown };
    if (
      payload.subject_request_id !== id ||
      typeof payload.request_status !== 'string' ||
      !STATUSES.includes(payload.request_status)
    ) {
      throw new BadRequestException(`expected { subject_request_id: "${id}", request_status: ${STATUSES.join('|')} }`);
    }
    if (!(await recordCallback(this.stores, id, payload.request_status)))
      throw new NotFoundException('unknown request');
  }
}
