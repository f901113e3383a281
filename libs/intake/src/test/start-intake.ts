import { INestApplication } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { bootstrapActivityService } from '@rightsflow/platform';
import { configureHttp } from '../lib/http/configure-http';
import { IntakeModule } from '../lib/intake.module';

/** Boots intake exactly as apps/intake does (with configureHttp), on a free port. */
export function startIntake(config: RightsflowConfig): Promise<INestApplication> {
  return bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config, configureHttp });
}

/** A valid body per request type, with just what that type needs. */
export function validBody(type: string, email: string): Record<string, unknown> {
  const base = { type, email, name: 'Ada Lovelace' };
  switch (type) {
    case 'access':
    case 'portability':
      return { ...base, jurisdiction: 'CCPA', dataPoints: { accountId: 'CUST-1', phone: '+1 415 555 0100' }, declaration: { signedName: 'Ada Lovelace', acceptPenaltyOfPerjury: true } };
    case 'access_categories':
      return { ...base, jurisdiction: 'CCPA' };
    case 'deletion':
      return { ...base, jurisdiction: 'GDPR' };
    case 'correction':
      return { ...base, jurisdiction: 'GDPR', corrections: [{ field: 'postalAddress', value: '12 Rue de la Paix, Paris', whatIsWrong: 'Old address' }] };
    case 'restriction':
    case 'lift_restriction':
      return { ...base, jurisdiction: 'GDPR' };
    case 'objection':
      return { ...base, jurisdiction: 'GDPR', channels: ['email', 'sms'] };
    case 'opt_out_sale':
    case 'limit_sensitive':
      return { type, email, jurisdiction: 'CCPA' };
    default:
      throw new Error(`no body for ${type}`);
  }
}

/** A response body as loosely typed JSON, for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export async function jsonOf(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}
