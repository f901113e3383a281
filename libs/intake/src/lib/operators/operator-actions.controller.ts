import { Body, Controller, HttpCode, NotFoundException, Param, Post, Req, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OperatorIdentity } from '@rightsflow/contracts';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { REQUEST_ID_PATTERN } from '../registry/ids';
import { DsarWorkflows } from '../submission/dsar-workflows';
import { ApproveBody, CompleteTaskBody, DecideAppealBody, DenyBody, ExtendBody, WithdrawOnBehalfBody } from './operator-actions.dto';
import { OperatorAttestations } from './operator-attestations';
import { OperatorAuthGuard, OperatorRequest, RequireOperatorRole } from './operator-auth.guard';

/**
 * An approver's actions on a request, the same updates the Temporal UI sends,
 * but with the operator taken from the credential and vouched for, so the
 * request log records who acted (R21). `npm run ops` calls these.
 */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('api/v1/operator/requests/:id')
@UseFilters(IntakeHttpExceptionFilter)
@UseGuards(OperatorAuthGuard)
@RequireOperatorRole('approver')
export class OperatorActionsController {
  constructor(
    private readonly workflows: DsarWorkflows,
    private readonly attestations: OperatorAttestations,
  ) {}

  @Post('approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approves a request waiting for approval' })
  async approve(@Param('id') id: string, @Body() body: ApproveBody, @Req() request: OperatorRequest): Promise<{ status: string }> {
    return { status: await this.workflows.operatorUpdate<string>(this.requestId(id), 'approve', { ...this.identity(id, request), ...body }) };
  }

  @Post('deny')
  @HttpCode(200)
  @ApiOperation({ summary: 'Denies a request, with the reason sent to the requester (R06, R07) and an optional basis (R22)' })
  async deny(@Param('id') id: string, @Body() body: DenyBody, @Req() request: OperatorRequest): Promise<{ status: string }> {
    return { status: await this.workflows.operatorUpdate<string>(this.requestId(id), 'deny', { ...this.identity(id, request), ...body }) };
  }

  @Post('decide-appeal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decides an appeal (R26): granted or denied, with written reasons sent to the person; a denial names the state Attorney General' })
  async decideAppeal(@Param('id') id: string, @Body() body: DecideAppealBody, @Req() request: OperatorRequest): Promise<{ status: string }> {
    return { status: await this.workflows.operatorUpdate<string>(this.requestId(id), 'decideAppeal', { ...this.identity(id, request), ...body }) };
  }

  @Post('extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Extends the deadline once, with the reason sent to the requester (R02)' })
  extend(@Param('id') id: string, @Body() body: ExtendBody, @Req() request: OperatorRequest): Promise<{ dueAt: string }> {
    return this.workflows.operatorUpdate<{ dueAt: string }>(this.requestId(id), 'extend', { ...this.identity(id, request), ...body });
  }

  @Post('complete-task')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks a manual task done' })
  async completeTask(@Param('id') id: string, @Body() body: CompleteTaskBody, @Req() request: OperatorRequest): Promise<{ openTasks: string[] }> {
    return { openTasks: await this.workflows.operatorUpdate<string[]>(this.requestId(id), 'completeTask', { ...this.identity(id, request), ...body }) };
  }

  @Post('withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraws the request on the requester’s behalf' })
  async withdraw(@Param('id') id: string, @Body() body: WithdrawOnBehalfBody, @Req() request: OperatorRequest): Promise<{ status: string }> {
    return { status: await this.workflows.operatorUpdate<string>(this.requestId(id), 'withdraw', { ...this.identity(id, request), by: body.by }) };
  }

  private requestId(id: string): string {
    if (!REQUEST_ID_PATTERN.test(id)) throw new NotFoundException('No such request');
    return id;
  }

  private identity(id: string, request: OperatorRequest): OperatorIdentity {
    const operator = (request.operator as NonNullable<OperatorRequest['operator']>).name;
    return { operator, attestation: this.attestations.sign(id, operator) };
  }
}
