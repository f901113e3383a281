import type {
  AssessAssuranceInput,
  AssuranceResult,
  DsarWorkflowInput,
  IssuedChallenge,
  SendMessageInput,
  SubmitCodeResult,
} from '@rightsflow/contracts';
import type { ServiceActivities } from './activities';
import type { Messenger } from './messages';
import type { RequestState } from './request-state';

type Party = 'subject' | 'agent';

/**
 * Proving control of an email (R09, R11): a challenge (code + link in one
 * email), answered by the `submitCode` update or the `confirmLink` signal, with
 * resends. Only hashes reach the workflow; identity compares them.
 */
export class EmailVerification {
  private challenge?: IssuedChallenge;
  private party: Party = 'subject';
  private sent = 0;
  verified = false;
  /** Set when a resend was asked for; the main flow issues it. */
  resendRequested = false;
  /** A message that goes out in one activity with the next challenge email (sendWithNextChallenge). */
  private companion?: SendMessageInput;
  /**
   * Set for the last party to verify (revision checkAssesses): identity assesses an answer that
   * verifies in the same checkSecret, and its R09 result lands in `assurance`.
   */
  assessWhenVerified?: Omit<AssessAssuranceInput, 'requestId'>;
  assurance?: AssuranceResult;

  constructor(
    private readonly input: DsarWorkflowInput,
    private readonly state: RequestState,
    private readonly services: ServiceActivities,
    private readonly messenger: Messenger,
  ) {}

  /**
   * Holds `message` (the acknowledgement) until the next challenge is issued;
   * it then goes first, in the same activity as the challenge email. Only for a
   * request whose verification starts at once: prepare() issues the first
   * challenge before it looks at a closure, so the message always goes.
   */
  sendWithNextChallenge(message: SendMessageInput): void {
    this.companion = message;
  }

  /** Issues a fresh challenge to `party` and emails it (a resend uses this too). */
  async issue(party: Party): Promise<void> {
    if (this.party !== party) this.verified = false;
    this.party = party;
    this.resendRequested = false;
    const { verification } = this.input.policy;
    this.challenge = await this.services.identity.issueChallenge({
      requestId: this.input.requestId,
      party,
      sealedSubjectEmail: this.input.sealedSubjectEmail,
      ...(party === 'agent' && this.input.agentPermissionRef
        ? { agentPermissionRef: this.input.agentPermissionRef }
        : {}),
      ...(party === 'agent' && this.input.powerOfAttorney ? { powerOfAttorney: true } : {}),
      codeTtlMinutes: verification.codeTtlMinutes,
      maxAttempts: verification.maxAttempts,
    });
    this.sent += 1;
    this.state.data.verification.attemptsLeft = verification.maxAttempts;
    const facts = {
      sealedCode: this.challenge.sealedCode,
      sealedLinkToken: this.challenge.sealedLinkToken,
      codeExpiresAt: this.challenge.expiresAt,
      dueAt: this.state.data.dueAt,
    };
    const dedupe = `${party}#${this.sent}`;
    const challengeEmail =
      party === 'agent'
        ? this.messenger.agentMessage('verification_code', facts, `verification_code#${dedupe}`)
        : this.input.sealedAgentEmail
          ? this.messenger.subjectMessage('agent_confirm', facts, `agent_confirm#${dedupe}`)
          : this.messenger.subjectMessage('verification_code', facts, `verification_code#${dedupe}`);
    const companion = this.companion;
    this.companion = undefined;
    await this.messenger.send(companion, challengeEmail);
  }

  /** The `submitCode` update: checks at once and answers the caller. */
  async submitCode(codeHash: string): Promise<SubmitCodeResult> {
    return this.check(codeHash, 'code');
  }

  /** The `confirmLink` signal (the page's button, never a bare GET). */
  async confirmLink(tokenHash: string): Promise<void> {
    await this.check(tokenHash, 'link');
  }

  requestResend(): boolean {
    if (this.state.data.verification.resendsLeft <= 0 || this.verified) return false;
    this.state.data.verification.resendsLeft -= 1;
    this.resendRequested = true;
    return true;
  }

  /**
   * One check at a time: an answer sent again while the first is still being
   * checked (a person's retry after a timeout, a double click) waits for it and
   * then sees its outcome, instead of finding the challenge used and being told
   * the request is closed.
   */
  private check(secretHash: string, kind: 'code' | 'link'): Promise<SubmitCodeResult> {
    const result = this.checking.then(() => this.checkNow(secretHash, kind));
    this.checking = result.catch(() => undefined);
    return result;
  }

  private checking: Promise<unknown> = Promise.resolve();

  private async checkNow(secretHash: string, kind: 'code' | 'link'): Promise<SubmitCodeResult> {
    if (!this.challenge || this.verified || this.state.closed) {
      return { verified: this.verified, attemptsLeft: 0, closed: !this.verified };
    }
    const result = await this.services.identity.checkSecret({
      requestId: this.input.requestId,
      challengeId: this.challenge.challengeId,
      secretHash,
      kind,
      ...(this.assessWhenVerified ? { assessWhenVerified: this.assessWhenVerified } : {}),
    });
    this.state.data.verification.attemptsLeft = result.attemptsLeft;
    if (result.verified) this.verified = true;
    if (result.assurance) this.assurance = result.assurance;
    return { verified: result.verified, attemptsLeft: result.attemptsLeft, ...(result.dead ? { closed: true } : {}) };
  }
}
