import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { constantTimeEqual, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { HttpRequest } from '../http/http-types';

/** Operator routes (R21: the request log is readable only by operators): `Authorization: Bearer <OPERATOR_API_TOKEN>`. */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<HttpRequest>().headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const expected = this.config.secrets.operatorApiToken;
    if (!expected || !token || !constantTimeEqual(token, expected)) throw new UnauthorizedException('An operator token is required');
    return true;
  }
}
