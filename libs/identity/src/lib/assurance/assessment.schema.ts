import { Schema } from 'mongoose';

/**
 * One assessment of a request's assurance level (R09), with what was collected
 * only to make it: the sealed data points and the declaration under penalty of
 * perjury, kept with the record until the request closes (R10 purge).
 */
export interface AssessmentRecord {
  _id: string;
  requestId: string;
  /** A retried assessAssurance returns this result instead of assessing again. */
  idempotencyKey: string;
  required: string;
  jurisdiction: string;
  reached: string;
  shortfall?: string;
  emailProven: boolean;
  matchedPoints: number;
  excludedFields: string[];
  sealedDataPoints?: string;
  declaration?: { sealedSignedName: string; acceptedPenaltyOfPerjury: boolean; signedAt: Date };
  assessedAt: Date;
}

export const AssessmentSchema = new Schema<AssessmentRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
    required: { type: String, required: true },
    jurisdiction: { type: String, required: true },
    reached: { type: String, required: true },
    shortfall: { type: String },
    emailProven: { type: Boolean, required: true },
    matchedPoints: { type: Number, required: true },
    excludedFields: { type: [String], default: [] },
    sealedDataPoints: { type: String },
    declaration: {
      type: new Schema(
        {
          sealedSignedName: { type: String, required: true },
          acceptedPenaltyOfPerjury: { type: Boolean, required: true },
          signedAt: { type: Date, required: true },
        },
        { _id: false },
      ),
    },
    assessedAt: { type: Date, required: true },
  },
  { collection: 'assessments', versionKey: false },
);
// Retried assessAssurance: findOne({ idempotencyKey }); unique so a retry never stores a second record.
AssessmentSchema.index({ idempotencyKey: 1 }, { unique: true });
// purgeVerificationData: deleteMany({ requestId }).
AssessmentSchema.index({ requestId: 1 });

export const ASSESSMENT_MODEL = 'IdentityAssessment';
