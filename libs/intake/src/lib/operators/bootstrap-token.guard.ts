import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { constantTimeEqual, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { HttpRequest } from '../http/http-types';
import { bearerTokenOf } from './operator-auth.guard';

/**
 * Managing operators (add, list, revoke): `Authorization: Bearer <OPERATOR_API_TOKEN>`,
 * the bootstrap credential that exists before any operator does. It may do
 * nothing else: every request action and every read of records needs an
 * operator's own token.
 */
@Injectable()
export class BootstrapTokenGuard implements CanActivate {
  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = bearerTokenOf(context.switchToHttp().getRequest<HttpRequest>());
    const expected = this.config.secrets.operatorApiToken;
    if (!expected || !token || !constantTimeEqual(token, expected)) throw new UnauthorizedException('The bootstrap token (OPERATOR_API_TOKEN) is required');
    return true;
  }
}
