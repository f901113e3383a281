import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isCodecPath } from '../codec/codec-http';
import type { HttpRequest } from '../http/http-types';
import { OperatorRole } from './operator-credential.schema';
import { Operator, OperatorCredentials } from './operator-credentials';

const REQUIRED_ROLE = 'rightsflow:operator-role';
/** The browser session of the codec endpoint (Temporal UI); holds the operator's own token, HttpOnly. */
export const OPERATOR_COOKIE = 'rightsflow_operator';

/** What each role may do: an approver may also do everything a viewer may. */
const GRANTS: Record<OperatorRole, readonly OperatorRole[]> = { viewer: ['viewer'], approver: ['viewer', 'approver'] };

/** The least role a route needs; the guard refuses others with 403. */
export const RequireOperatorRole = (role: OperatorRole) => SetMetadata(REQUIRED_ROLE, role);

export type OperatorRequest = HttpRequest & { operator?: Operator };

/** `Authorization: Bearer <token>`, or ''. */
export function bearerTokenOf(request: HttpRequest): string {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
}

/**
 * The caller's token: `Authorization: Bearer …`, or on the codec endpoint only
 * its session cookie (a cookie elsewhere would let another page act in an operator's name).
 */
export function operatorTokenOf(request: HttpRequest): string {
  const bearer = bearerTokenOf(request);
  if (bearer || !isCodecPath(request.path)) return bearer;
  const cookies = request.headers.cookie;
  // One cookie of ours, set by us: a split is all it takes (no cookie-parsing dependency for one name).
  for (const part of typeof cookies === 'string' ? cookies.split(';') : []) {
    const [name, ...value] = part.trim().split('=');
    if (name === OPERATOR_COOKIE) return decodeURIComponent(value.join('='));
  }
  return '';
}

/**
 * Operator routes: the identity comes from the credential (never from a body
 * field), checked against the store on every request, and the route's role.
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  constructor(
    private readonly credentials: OperatorCredentials,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const token = operatorTokenOf(request);
    const operator = token ? await this.credentials.authenticate(token) : null;
    if (!operator) throw new UnauthorizedException('An operator token is required (npm run ops -- operators add <name> --role viewer|approver)');
    const needed = this.reflector.getAllAndOverride<OperatorRole | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ?? 'approver';
    if (!GRANTS[operator.role].includes(needed)) throw new ForbiddenException(`Operator ${operator.name} (${operator.role}) may not do this; it needs the ${needed} role`);
    request.operator = operator;
    return true;
  }
}
