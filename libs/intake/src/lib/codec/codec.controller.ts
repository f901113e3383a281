import { Body, Controller, HttpCode, Inject, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { PayloadCodec } from '@temporalio/common';
import { OperatorAuthGuard, RequireOperatorRole } from '../operators/operator-auth.guard';
import { SubmissionInvalidError } from '../submission/intake-errors';
import { CodecExceptionFilter } from './codec-exception.filter';
import { JsonPayload, payloadsOf, toJsonPayload } from './codec-payloads';

export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

/**
 * The Temporal UI's codec server (`--ui-codec-endpoint http://…/codec`): it
 * decodes history's encrypted payloads for an authenticated operator, and
 * encodes what an operator sends from the UI. Served by intake because intake
 * already holds the operator credentials; CORS for the UI's origin is in
 * codec-http.ts. Not rate-limited per IP: every caller is an authenticated operator.
 */
// Left out of the public API description, which names no internal machinery.
@ApiExcludeController()
@Controller('codec')
@UseFilters(CodecExceptionFilter)
@UseGuards(OperatorAuthGuard)
@SkipThrottle()
export class CodecController {
  constructor(@Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec) {}

  @Post('decode')
  @HttpCode(200)
  @RequireOperatorRole('viewer')
  decode(@Body() body: unknown): Promise<{ payloads: JsonPayload[] }> {
    return this.run(body, (payloads) => this.codec.decode(payloads));
  }

  @Post('encode')
  @HttpCode(200)
  @RequireOperatorRole('approver')
  encode(@Body() body: unknown): Promise<{ payloads: JsonPayload[] }> {
    return this.run(body, (payloads) => this.codec.encode(payloads));
  }

  private async run(body: unknown, work: PayloadCodec['decode']): Promise<{ payloads: JsonPayload[] }> {
    const parsed = payloadsOf(body);
    if ('errors' in parsed) throw new SubmissionInvalidError(parsed.errors);
    let done: Awaited<ReturnType<PayloadCodec['decode']>>;
    try {
      done = await work(parsed.payloads);
    } catch (error) {
      // An unknown key id or altered ciphertext: the caller's payloads, not our fault (never the key's details).
      throw new SubmissionInvalidError([{ field: 'payloads', message: `could not be decoded: ${(error as Error).message}` }]);
    }
    return { payloads: done.map(toJsonPayload) };
  }
}
