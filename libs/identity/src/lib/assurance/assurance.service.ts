import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RightsflowConfig } from '@rightsflow/config';
import { AssessAssuranceInput, AssuranceResult, PerjuryDeclaration } from '@rightsflow/contracts';
import { isGdprLike } from '@rightsflow/domain';
import { isDuplicateKeyError, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { ActivityRun } from '../activity-run';
import { ChallengeService } from '../challenges/challenge.service';
import { invalidInput, openSealed } from '../identity-failures';
import { ASSESSMENT_MODEL, AssessmentRecord } from './assessment.schema';
import { decideAssurance } from './assurance-level';
import { countMatchedPoints } from './data-point-matching';
import { SUBJECT_RECORDS_LOOKUP, SubjectRecordsLookup } from './subject-records.lookup';

const MAX_DATA_POINTS = 20;
const MAX_DATA_POINT_LENGTH = 200;

/**
 * R09 assurance: after the email is proven, the data points a person gave are
 * matched against the company's records, and the level reached decides whether
 * the request is answered as asked, downgraded, or closed (workflow logic).
 */
@Injectable()
export class AssuranceService implements OnModuleInit {
  constructor(
    @InjectModel(ASSESSMENT_MODEL) private readonly assessments: Model<AssessmentRecord>,
    @Inject(SUBJECT_RECORDS_LOOKUP) private readonly records: SubjectRecordsLookup,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    private readonly challenges: ChallengeService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.assessments.init();
  }

  async assess(input: AssessAssuranceInput, run: ActivityRun): Promise<AssuranceResult> {
    // Only a retry can find its record stored (one scan fewer on FerretDB); a first attempt that runs
    // late, after its retry stored one, meets the unique idempotencyKey below and returns that record.
    const earlier =
      run.attempt === 1
        ? null
        : await this.assessments.findOne({ idempotencyKey: run.idempotencyKey }).lean<AssessmentRecord>().exec();
    if (earlier) return toResult(earlier);

    const key = this.config.secrets.encryptionKey;
    const email = openSealed(key, input.sealedSubjectEmail, 'sealedSubjectEmail');
    const dataPoints = input.sealedDataPoints
      ? parseDataPoints(openSealed(key, input.sealedDataPoints, 'sealedDataPoints'))
      : {};
    const excludedFields = [
      ...(input.excludeFields ?? []),
      ...(input.sealedCorrections
        ? correctedFields(openSealed(key, input.sealedCorrections, 'sealedCorrections'))
        : []),
    ];
    const declarationSigned = input.declaration ? this.isSigned(input.declaration) : false;

    const emailProven = await this.challenges.emailControlProven(input.requestId);
    const matchedPoints =
      emailProven && input.required !== 'none'
        ? countMatchedPoints(dataPoints, await this.records.findByEmail(email), excludedFields)
        : 0;
    const result = decideAssurance({
      required: input.required,
      emailProven,
      matchedPoints,
      declarationSigned,
      // R09/R24: under the GDPR and the UK GDPR, control of the email is enough without reasonable doubt.
      emailAloneSuffices: isGdprLike(input.jurisdiction),
    });

    try {
      await this.assessments.create({
        _id: `as_${randomBytes(12).toString('base64url')}`,
        requestId: input.requestId,
        idempotencyKey: run.idempotencyKey,
        required: input.required,
        jurisdiction: input.jurisdiction,
        reached: result.reached,
        ...(result.shortfall !== undefined ? { shortfall: result.shortfall } : {}),
        emailProven,
        matchedPoints,
        excludedFields,
        ...(input.sealedDataPoints ? { sealedDataPoints: input.sealedDataPoints } : {}),
        // R09: the declaration is kept with the record, as given (the name stays sealed).
        ...(input.declaration
          ? {
              declaration: {
                sealedSignedName: input.declaration.sealedSignedName,
                acceptedPenaltyOfPerjury: input.declaration.acceptedPenaltyOfPerjury,
                signedAt: new Date(input.declaration.signedAt),
              },
            }
          : {}),
        assessedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const raced = await this.assessments
        .findOne({ idempotencyKey: run.idempotencyKey })
        .lean<AssessmentRecord>()
        .exec();
      if (raced) return toResult(raced);
      throw error;
    }
    return result;
  }

  /** Signed = the penalty-of-perjury box ticked and a full name typed (at least one letter). */
  private isSigned(declaration: PerjuryDeclaration): boolean {
    const name = openSealed(
      this.config.secrets.encryptionKey,
      declaration.sealedSignedName,
      'declaration.sealedSignedName',
    );
    return declaration.acceptedPenaltyOfPerjury === true && /\p{L}/u.test(name);
  }
}

function toResult(record: AssessmentRecord): AssuranceResult {
  return {
    reached: record.reached as AssuranceResult['reached'],
    ...(record.shortfall !== undefined ? { shortfall: record.shortfall } : {}),
  };
}

/** Sealed JSON { name, accountId, phone, … } with text values. */
function parseDataPoints(json: string): Record<string, string> {
  const problem = 'sealedDataPoints must hold a JSON object of short text values';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalidInput(problem);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidInput(problem);
  const entries = Object.entries(parsed);
  if (entries.length > MAX_DATA_POINTS) throw invalidInput(problem);
  const points: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (value === null || value === undefined) continue;
    if ((typeof value !== 'string' && typeof value !== 'number') || String(value).length > MAX_DATA_POINT_LENGTH)
      throw invalidInput(problem);
    points[name] = String(value);
  }
  return points;
}

/** Sealed JSON [{ field, value }]: the names of the corrected fields (R10). */
function correctedFields(json: string): string[] {
  const problem = 'sealedCorrections must hold a JSON array of { field, value }';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw invalidInput(problem);
  }
  if (!Array.isArray(parsed)) throw invalidInput(problem);
  return parsed.map((entry: unknown) => {
    const field = typeof entry === 'object' && entry !== null ? (entry as { field?: unknown }).field : undefined;
    if (typeof field !== 'string' || field.length === 0) throw invalidInput(problem);
    return field;
  });
}
