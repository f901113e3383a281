import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { constantTimeEqual, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { HttpRequest } from '../http/http-types';

/** The company's own web sites relay GPC signals with `Authorization: Bearer <GPC_SITE_KEY>` (R28). */
@Injectable()
export class SiteKeyGuard implements CanActivate {
  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<HttpRequest>().headers.authorization;
    const key = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const expected = this.config.secrets.gpcSiteKey;
    if (!expected || !key || !constantTimeEqual(key, expected))
      throw new UnauthorizedException('A site key is required');
    return true;
  }
}
