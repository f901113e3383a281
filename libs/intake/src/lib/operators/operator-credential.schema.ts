import { Schema } from 'mongoose';

export const OPERATOR_CREDENTIAL_MODEL = 'IntakeOperatorCredential';
export const OPERATOR_ROLES = ['viewer', 'approver'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/**
 * One operator's credential. Keyed by the keyed hash of its token (the token
 * itself is shown once and never stored), so authentication is one read by
 * _id, the lookup FerretDB indexes; every request reads it again, so a
 * revocation holds from the next request on.
 */
export interface OperatorCredential {
  _id: string;
  name: string;
  role: OperatorRole;
  createdAt: Date;
  revokedAt?: Date;
}

export const operatorCredentialSchema = new Schema<OperatorCredential>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: OPERATOR_ROLES },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'operator_credentials', versionKey: false, strict: 'throw' },
);
