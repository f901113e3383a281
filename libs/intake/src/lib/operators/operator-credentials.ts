import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import { keyedHash, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { OPERATOR_CREDENTIAL_MODEL, OperatorCredential, OperatorRole } from './operator-credential.schema';

export interface Operator {
  name: string;
  role: OperatorRole;
}

export interface OperatorListing extends Operator {
  createdAt: string;
  revokedAt?: string;
}

/** Names as they appear in the log (`operator:<name>`): short, no spaces, nothing to escape. */
export const OPERATOR_NAME_PATTERN = /^[a-z][a-z0-9._-]{1,39}$/;
const TOKEN_PREFIX = 'rfo_';

/** Per-operator credentials: the token is returned once; only its keyed hash is kept. */
@Injectable()
export class OperatorCredentials {
  constructor(
    @InjectModel(OPERATOR_CREDENTIAL_MODEL) private readonly credentials: Model<OperatorCredential>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  /** A new operator (or a new token for one whose earlier tokens were all revoked). */
  async add(name: string, role: OperatorRole): Promise<Operator & { token: string }> {
    if (await this.credentials.exists({ name, revokedAt: { $exists: false } })) {
      throw new ConflictException(`operator ${name} already has a valid token; revoke it first`);
    }
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.credentials.create({ _id: this.hashOf(token), name, role, createdAt: new Date() });
    return { name, role, token };
  }

  async list(): Promise<OperatorListing[]> {
    const all = await this.credentials.find({}).lean<OperatorCredential[]>().exec();
    return all
      .map(({ name, role, createdAt, revokedAt }) => ({
        name,
        role,
        createdAt: createdAt.toISOString(),
        ...(revokedAt ? { revokedAt: revokedAt.toISOString() } : {}),
      }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
  }

  /** Revokes every valid token of the operator; from the next request on they are refused. */
  async revoke(name: string): Promise<number> {
    const result = await this.credentials.updateMany({ name, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } }).exec();
    if (result.modifiedCount === 0) throw new NotFoundException(`no valid token for operator ${name}`);
    return result.modifiedCount;
  }

  /** The operator a bearer token belongs to, or null (unknown, revoked). Read every time: no cache outlives a revocation. */
  async authenticate(token: string): Promise<Operator | null> {
    if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    const credential = await this.credentials.findById(this.hashOf(token)).lean<OperatorCredential>().exec();
    if (!credential || credential.revokedAt) return null;
    return { name: credential.name, role: credential.role };
  }

  private hashOf(token: string): string {
    return keyedHash(this.config.secrets.hmacKey, 'operator-token', token);
  }
}
