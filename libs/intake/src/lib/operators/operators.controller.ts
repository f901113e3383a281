import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { BootstrapTokenGuard } from './bootstrap-token.guard';
import { AddOperatorBody } from './operator-actions.dto';
import { Operator, OperatorCredentials, OperatorListing } from './operator-credentials';

/** Managing operators with the bootstrap token (`npm run ops -- operators add|list|revoke` calls these). */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('api/v1/operator/operators')
@UseFilters(IntakeHttpExceptionFilter)
@UseGuards(BootstrapTokenGuard)
export class OperatorsController {
  constructor(private readonly credentials: OperatorCredentials) {}

  @Post()
  @ApiOperation({ summary: 'Adds an operator; the answer holds its token, shown this once (only its hash is stored)' })
  add(@Body() body: AddOperatorBody): Promise<Operator & { token: string }> {
    return this.credentials.add(body.name, body.role);
  }

  @Get()
  @ApiOperation({ summary: 'Every operator credential, valid and revoked (no tokens)' })
  list(): Promise<OperatorListing[]> {
    return this.credentials.list();
  }

  @Delete(':name')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revokes the operator’s valid tokens; refused from the next request on' })
  async revoke(@Param('name') name: string): Promise<{ name: string; revoked: number }> {
    return { name, revoked: await this.credentials.revoke(name) };
  }
}
