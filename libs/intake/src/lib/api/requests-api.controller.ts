import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UnsupportedMediaTypeException, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import type { SubmitCodeResult } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Inject } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { sendsGpc } from '../gpc/gpc';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { IntakeService, SubmitOutcome } from '../submission/intake.service';
import type { UploadedFile as PermissionUpload } from '../submission/permission-file';
import type { StatusView } from '../submission/status-view';
import { StatusTokenDto, SubmitCodeDto, SubmitRequestDto } from '../submission/submission.dto';
import { multipartRequest, stringFields } from './request-body';

export function statusUrl(config: RightsflowConfig, requestId: string, token: string): string {
  return `${config.http.publicBaseUrl.replace(/\/+$/, '')}/status/${encodeURIComponent(requestId)}?token=${encodeURIComponent(token)}`;
}

/** The REST API: the same front door as the web form (one IntakeService), for apps and agents. */
@ApiTags('requests')
@Controller('api/v1/requests')
@UseFilters(IntakeHttpExceptionFilter)
export class RequestsApiController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Submit a privacy request',
    description:
      'JSON body; an authorized agent sends multipart/form-data with the request as JSON in `request` and the signed permission (PDF, PNG or JPEG) in `permission`. ' +
      'Send an Idempotency-Key: a retry with the same key returns the first request (200) instead of creating another. The status token is returned once.',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ type: SubmitRequestDto })
  @ApiHeader({ name: 'Sec-GPC', required: false, description: '1: Global Privacy Control; an opt_out_sale request is recorded as a GPC opt-out (R28)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8-255 characters of A-Z a-z 0-9 . _ : -, unique per request you mean to make' })
  @ApiResponse({ status: 201, description: 'Received; the workflow has started.' })
  @ApiResponse({ status: 200, description: 'Already received under this Idempotency-Key (no token again).' })
  @ApiResponse({ status: 400, description: 'A field is missing or malformed; `fields` names each.' })
  @ApiResponse({ status: 413, description: 'Body or upload too large.' })
  @ApiResponse({ status: 422, description: 'The Idempotency-Key was used for a different request.' })
  @ApiResponse({ status: 429, description: 'Too many requests; see Retry-After.' })
  @UseInterceptors(FileInterceptor('permission'))
  async submit(
    @Req() request: HttpRequest,
    @Res({ passthrough: true }) response: HttpResponse,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @UploadedFile() permission: PermissionUpload | undefined,
  ): Promise<SubmitOutcome & { statusUrl?: string }> {
    const contentType = String(request.headers['content-type'] ?? '');
    let raw: unknown;
    if (contentType.startsWith('multipart/form-data')) raw = multipartRequest(request.body);
    else if (/^application\/(.+\+)?json/.test(contentType)) raw = request.body;
    else throw new UnsupportedMediaTypeException('Send application/json, or multipart/form-data for an agent’s upload');
    const outcome = await this.intake.submit(raw, { via: 'api', idempotencyKey, permission, gpc: sendsGpc(request.headers) });
    response.status(outcome.replayed ? 200 : 201);
    return outcome.statusToken ? { ...outcome, statusUrl: statusUrl(this.config, outcome.requestId, outcome.statusToken) } : outcome;
  }

  @Get(':requestId')
  @ApiOperation({ summary: 'Where a request stands: state, due date, timeline' })
  @ApiParam({ name: 'requestId', example: 'req_abcdefghijklmnop' })
  @ApiQuery({ name: 'token', description: 'The status token from the submission (or a signed status link).' })
  @ApiResponse({ status: 404, description: 'No request with this reference and token (the same answer for both).' })
  status(@Param('requestId') requestId: string, @Query('token') token: unknown): Promise<StatusView> {
    return this.intake.status(requestId, token);
  }

  @Post(':requestId/verification-code')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the email with the 6-digit code (only its keyed hash reaches the workflow)' })
  @ApiBody({ type: SubmitCodeDto })
  @ApiResponse({ status: 409, description: 'The request is not waiting for a code.' })
  submitCode(@Param('requestId') requestId: string, @Body() body: unknown): Promise<SubmitCodeResult> {
    return this.intake.submitCode(requestId, stringFields(body, ['code']).code);
  }

  @Post(':requestId/appeal')
  @ApiOperation({
    summary: 'Appeal a refused request (status token); US state laws only (R26)',
    description: 'Creates the appeal, a request of type `appeal` linked to this one, or returns it if already made (200). The same status token opens it.',
  })
  @ApiBody({ type: StatusTokenDto })
  @ApiResponse({ status: 201, description: 'Appeal received; an operator decides it with written reasons.' })
  @ApiResponse({ status: 409, description: 'Not refused, not under a law with an appeal, or itself an appeal.' })
  async appeal(@Param('requestId') requestId: string, @Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<SubmitOutcome> {
    const outcome = await this.intake.appeal(requestId, stringFields(body, ['token']).token);
    response.status(outcome.replayed ? 200 : 201);
    return outcome;
  }

  @Post(':requestId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a request (status token)' })
  @ApiBody({ type: StatusTokenDto })
  withdraw(@Param('requestId') requestId: string, @Body() body: unknown): Promise<StatusView> {
    return this.intake.withdraw(requestId, stringFields(body, ['token']).token);
  }
}
