import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RightsflowConfig } from '@rightsflow/config';
import {
  CheckSecretInput,
  CheckSecretResult,
  IDENTITY_FAILURES,
  IssueChallengeInput,
  IssuedChallenge,
} from '@rightsflow/contracts';
import {
  constantTimeEqual,
  hashLinkToken,
  hashVerificationCode,
  isDuplicateKeyError,
  keyedHash,
  RIGHTSFLOW_CONFIG,
  seal,
  subjectKey,
} from '@rightsflow/platform';
import { ApplicationFailure } from '@temporalio/common';
import { Model } from 'mongoose';
import { randomBytes, randomInt } from 'node:crypto';
import { ActivityRun } from '../activity-run';
import { invalidInput, openSealed } from '../identity-failures';
import {
  ATTEMPT_SLOT_MODEL,
  CHALLENGE_MODEL,
  CHALLENGE_USE_MODEL,
  ChallengeRecord,
  ChallengeUseRecord,
  Party,
  SlotRecord,
} from './challenge.schemas';
import { emailControlProven } from './email-control';
import { ChallengeIssueLimits } from './issue-limits';
import { claimSlot, heldSlot } from './slot-claim';

/** Compared against when there is nothing real to compare, so every path does the same work. */
const DECOY_HASH = keyedHash(randomBytes(32).toString('hex'), 'decoy', 'decoy');

const DEAD: CheckSecretResult = { verified: false, attemptsLeft: 0, dead: true };

interface Secrets {
  code: string;
  token: string;
  codeHash: string;
  linkTokenHash: string;
}

/**
 * Email challenges (R09, R11, R12): a 6-digit code and a one-click link token
 * in one email, of which only keyed hashes are stored. A challenge dies when
 * it expires, after maxAttempts wrong answers, when it has been used once, or
 * when a resend supersedes it.
 */
@Injectable()
export class ChallengeService implements OnModuleInit {
  constructor(
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeRecord>,
    @InjectModel(ATTEMPT_SLOT_MODEL) private readonly attempts: Model<SlotRecord>,
    @InjectModel(CHALLENGE_USE_MODEL) private readonly uses: Model<ChallengeUseRecord>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    private readonly limits: ChallengeIssueLimits,
  ) {}

  async onModuleInit(): Promise<void> {
    // Unique indexes must exist before the first write relies on them. The challenges' indexes are
    // synced, not only created: an older database has a unique index on idempotencyKey alone, which
    // would refuse a retried attempt's own challenge.
    await Promise.all([this.challenges.syncIndexes(), this.attempts.init(), this.uses.init()]);
  }

  /**
   * Issues a challenge; a new one for the same request and party (a resend) supersedes the older ones.
   *
   * Every attempt of the activity inserts its own challenge, and the workflow answers only the one
   * whose result Temporal delivered. An attempt that timed out may still be running and finish later
   * (its result is then dropped); it must not touch the delivered challenge, and on FerretDB an
   * update of a shared document could even silently undo the delivered attempt's write. So attempts
   * never update each other's documents, and a late one supersedes only what was issued before it.
   */
  async issue(input: IssueChallengeInput, run: ActivityRun): Promise<IssuedChallenge> {
    if (input.party !== 'agent' && (input.agentPermissionRef !== undefined || input.powerOfAttorney !== undefined)) {
      throw invalidInput('agentPermissionRef and powerOfAttorney are only for party agent');
    }
    const now = new Date();
    const email = openSealed(this.config.secrets.encryptionKey, input.sealedSubjectEmail, 'sealedSubjectEmail');
    // Keyed by the activity, not the attempt: a retry is not counted against the hourly limits again.
    const limited = await this.limits.claim({
      requestId: input.requestId,
      subjectKey: subjectKey(this.config.secrets.hmacKey, email),
      key: run.idempotencyKey,
      firstAttempt: run.attempt === 1,
      now,
    });
    if (limited) {
      throw ApplicationFailure.nonRetryable(
        `Too many verification challenges for this ${limited} in the last hour`,
        IDENTITY_FAILURES.challengeLimitReached,
      );
    }

    const secrets = this.newSecrets(input.requestId);
    const challengeId = `ch_${randomBytes(16).toString('base64url')}`;
    const expiresAt = this.expiry(now, input.codeTtlMinutes);
    await this.challenges.create({
      _id: challengeId,
      requestId: input.requestId,
      party: input.party,
      codeHash: secrets.codeHash,
      linkTokenHash: secrets.linkTokenHash,
      issuedAt: now,
      expiresAt,
      maxAttempts: input.maxAttempts,
      status: 'open',
      idempotencyKey: run.idempotencyKey,
      issuedAttempt: run.attempt,
      ...(input.agentPermissionRef !== undefined ? { agentPermissionRef: input.agentPermissionRef } : {}),
      ...(input.powerOfAttorney !== undefined ? { powerOfAttorney: input.powerOfAttorney } : {}),
    });
    await this.supersedeEarlier(input.requestId, input.party, run.idempotencyKey, now);
    return this.sealed(challengeId, expiresAt, secrets);
  }

  /**
   * Checks a hashed code or link token. The attempt is counted (a slot claimed)
   * BEFORE the comparison counts for anything; the first correct answer then
   * claims the challenge's single use. A retry of the same run (same
   * idempotency key) gets the same answer without counting twice.
   */
  async check(input: CheckSecretInput, run: ActivityRun): Promise<CheckSecretResult> {
    const now = new Date();
    const challenge = await this.challenges
      .findOne({ _id: input.challengeId, requestId: input.requestId })
      .lean<ChallengeRecord>()
      .exec();
    if (!challenge) return this.refuse(input.secretHash);

    // Only a retry can have counted its attempt already (the first attempt looks for nothing: one scan fewer on FerretDB).
    const retried =
      run.attempt === 1 ? null : await heldSlot(this.attempts, { group: challenge._id, key: run.idempotencyKey });
    if (!retried) {
      const usable =
        challenge.status === 'open' &&
        challenge.expiresAt > now &&
        !(await this.uses.exists({ _id: challenge._id }).exec());
      if (!usable) return this.refuse(input.secretHash);
    }
    const slot =
      retried ??
      (await claimSlot(this.attempts, {
        group: challenge._id,
        limit: challenge.maxAttempts,
        key: run.idempotencyKey,
        firstAttempt: run.attempt === 1,
        requestId: challenge.requestId,
        now,
      }));
    if (!slot) return this.refuse(input.secretHash);

    const attemptsLeft = Math.max(0, challenge.maxAttempts - slot.n);
    const expected = input.kind === 'code' ? challenge.codeHash : challenge.linkTokenHash;
    if (!constantTimeEqual(input.secretHash, expected))
      return { verified: false, attemptsLeft, dead: attemptsLeft === 0 };
    if (!(await this.claimUse(challenge, input.kind, run, now))) return DEAD;
    return { verified: true, attemptsLeft, dead: false };
  }

  /** R09/R11: whether the request's email control is proven (see emailControlProven). */
  async emailControlProven(requestId: string): Promise<boolean> {
    const [challenges, uses] = await Promise.all([
      this.challenges
        .find({ requestId }, { party: 1, powerOfAttorney: 1 })
        .lean<Pick<ChallengeRecord, '_id' | 'party' | 'powerOfAttorney'>[]>()
        .exec(),
      this.uses.find({ requestId }, { _id: 1 }).lean<Pick<ChallengeUseRecord, '_id'>[]>().exec(),
    ]);
    const used = new Set(uses.map((use) => use._id));
    return emailControlProven(
      challenges.map((c) => ({
        party: c.party,
        verified: used.has(c._id),
        powerOfAttorney: c.powerOfAttorney === true,
      })),
    );
  }

  /**
   * A resend's predecessors die: the open challenges of other issueChallenge runs issued before this
   * one. The other attempts of this same run are left alone: the workflow never answers them.
   */
  private async supersedeEarlier(requestId: string, party: Party, idempotencyKey: string, now: Date): Promise<void> {
    await this.challenges
      .updateMany(
        { requestId, party, status: 'open', idempotencyKey: { $ne: idempotencyKey }, issuedAt: { $lte: now } },
        { $set: { status: 'superseded' } },
      )
      .exec();
  }

  /** The first correct answer takes the challenge's one use (an _id insert: atomic); a retry of that run keeps it. */
  private async claimUse(
    challenge: ChallengeRecord,
    kind: CheckSecretInput['kind'],
    run: ActivityRun,
    now: Date,
  ): Promise<boolean> {
    try {
      await this.uses.create({
        _id: challenge._id,
        requestId: challenge.requestId,
        party: challenge.party,
        kind,
        idempotencyKey: run.idempotencyKey,
        at: now,
      });
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const use = await this.uses
        .findById(challenge._id, { idempotencyKey: 1 })
        .lean<Pick<ChallengeUseRecord, 'idempotencyKey'>>()
        .exec();
      return use?.idempotencyKey === run.idempotencyKey;
    }
  }

  /** Nothing to verify against: still compare, so the answer takes as long as a real one. */
  private refuse(secretHash: string): CheckSecretResult {
    constantTimeEqual(secretHash, DECOY_HASH);
    return DEAD;
  }

  private newSecrets(requestId: string): Secrets {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const token = randomBytes(32).toString('base64url');
    const key = this.config.secrets.hmacKey;
    return {
      code,
      token,
      codeHash: hashVerificationCode(key, requestId, code),
      linkTokenHash: hashLinkToken(key, requestId, token),
    };
  }

  private expiry(now: Date, ttlMinutes: number): Date {
    return new Date(now.getTime() + ttlMinutes * 60_000);
  }

  private sealed(challengeId: string, expiresAt: Date, secrets: Secrets): IssuedChallenge {
    const key = this.config.secrets.encryptionKey;
    return {
      challengeId,
      expiresAt: expiresAt.toISOString(),
      sealedCode: seal(key, secrets.code),
      sealedLinkToken: seal(key, secrets.token),
    };
  }
}
