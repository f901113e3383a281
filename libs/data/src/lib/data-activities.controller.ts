import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { RightsflowConfig } from '@rightsflow/config';
import type { DataActivities, ExportResult, FulfilmentReport } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG, unseal } from '@rightsflow/platform';
import { ActivityHandler, TemporalActivityContext, VALIDATION_FAILURE } from '@rightsflow/temporal-bridge';
import { ApplicationFailure } from '@temporalio/common';
import { DataStores } from './company/data-stores';
import {
  CorrectionInputDto,
  DeleteExpiredBundlesDto,
  ExportInputDto,
  OptOutInputDto,
  RestrictionInputDto,
  SubjectRefDto,
  UnsubscribeInputDto,
} from './data-activities.dto';
import { DATA_STORES, INVENTORY } from './data.tokens';
import { eraseSubject } from './erasure/erase-subject-data';
import { deleteExpiredBundles } from './export/bundle-store';
import { exportSubjectData } from './export/export-subject-data';
import { Inventory } from './inventory/inventory.types';
import { notifyRecipients } from './processors/notify-recipients';
import { Correction, correctSubject } from './rights/correct-subject-data';
import { applyOptOut, setRestriction, unsubscribe } from './rights/subject-controls';

/**
 * The data service's activities (R13–R20, R23). Each opens the sealed email
 * only in memory, works on the company's data through the inventory, and
 * returns counts and names — never personal data — into Temporal's history.
 */
@Controller()
export class DataActivitiesController {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
    @Inject(INVENTORY) private readonly inventory: Inventory,
  ) {}

  @ActivityHandler<DataActivities>('exportSubjectData')
  exportSubjectData(@Payload() input: ExportInputDto, @Ctx() ctx: TemporalActivityContext): Promise<ExportResult> {
    const request = { ...input, email: this.open(input.sealedSubjectEmail), idempotencyKey: ctx.idempotencyKey };
    return exportSubjectData(this.config, this.stores, this.inventory, request, ctx);
  }

  @ActivityHandler<DataActivities>('eraseSubjectData')
  async eraseSubjectData(
    @Payload() input: SubjectRefDto,
    @Ctx() ctx: TemporalActivityContext,
  ): Promise<FulfilmentReport> {
    const email = this.open(input.sealedSubjectEmail);
    const outcome = await eraseSubject(
      this.config,
      this.stores,
      this.inventory,
      { requestId: input.requestId, email },
      ctx,
    );
    const recipients = await notifyRecipients(this.config, this.stores, this.inventory, {
      requestId: input.requestId,
      kind: 'erasure',
      email,
      attempt: ctx.attempt,
    });
    return { collections: outcome.collections, exceptions: outcome.exceptions, recipients };
  }

  @ActivityHandler<DataActivities>('correctSubjectData')
  async correctSubjectData(
    @Payload() input: CorrectionInputDto,
    @Ctx() ctx: TemporalActivityContext,
  ): Promise<FulfilmentReport> {
    const email = this.open(input.sealedSubjectEmail);
    const outcome = await correctSubject(this.stores, this.inventory, email, this.corrections(input.sealedCorrections));
    const recipients =
      outcome.made.length > 0
        ? await notifyRecipients(this.config, this.stores, this.inventory, {
            requestId: input.requestId,
            kind: 'rectification',
            email,
            attempt: ctx.attempt,
            extensions: { corrections: outcome.made },
          })
        : [];
    return { collections: outcome.collections, exceptions: outcome.notMade, recipients };
  }

  @ActivityHandler<DataActivities>('restrictProcessing')
  async restrictProcessing(
    @Payload() input: RestrictionInputDto,
    @Ctx() ctx: TemporalActivityContext,
  ): Promise<FulfilmentReport> {
    const email = this.open(input.sealedSubjectEmail);
    const collections = await setRestriction(this.stores, this.inventory, email, !input.lift);
    const recipients = await notifyRecipients(this.config, this.stores, this.inventory, {
      requestId: input.requestId,
      kind: 'restriction',
      email,
      attempt: ctx.attempt,
      extensions: { lift: input.lift },
    });
    return { collections, exceptions: [], recipients };
  }

  @ActivityHandler<DataActivities>('unsubscribe')
  async unsubscribe(@Payload() input: UnsubscribeInputDto): Promise<FulfilmentReport> {
    const result = await unsubscribe(
      this.config,
      this.stores,
      this.inventory,
      this.open(input.sealedSubjectEmail),
      input.channels,
    );
    const exceptions = result.unreached.map(
      (channel) => `We send you no ${channel.replace('_', '-')} messages: there was nothing to unsubscribe from.`,
    );
    return { collections: result.collections, exceptions, recipients: [] };
  }

  @ActivityHandler<DataActivities>('applyOptOut')
  async applyOptOut(@Payload() input: OptOutInputDto): Promise<FulfilmentReport> {
    const collections = await applyOptOut(
      this.config,
      this.stores,
      this.inventory,
      this.open(input.sealedSubjectEmail),
      input.kind,
    );
    return { collections, exceptions: [], recipients: [] };
  }

  @ActivityHandler<DataActivities>('deleteExpiredBundles')
  deleteExpiredBundles(@Payload() input: DeleteExpiredBundlesDto): Promise<{ deleted: number }> {
    return deleteExpiredBundles(this.config, this.stores, input.now ? new Date(input.now) : new Date());
  }

  /** A value that does not open can never open on retry. */
  private open(sealed: string): string {
    try {
      return unseal(this.config.secrets.encryptionKey, sealed);
    } catch {
      throw ApplicationFailure.nonRetryable(
        'sealedSubjectEmail cannot be opened with this service key',
        VALIDATION_FAILURE,
      );
    }
  }

  private corrections(sealed: string): Correction[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.open(sealed));
    } catch (error) {
      if (error instanceof ApplicationFailure) throw error;
      throw ApplicationFailure.nonRetryable('sealedCorrections is not JSON', VALIDATION_FAILURE);
    }
    const valid =
      Array.isArray(parsed) && parsed.every((c) => c && typeof c.field === 'string' && typeof c.value === 'string');
    if (!valid)
      throw ApplicationFailure.nonRetryable(
        'sealedCorrections must be [{ field, value }] with string values',
        VALIDATION_FAILURE,
      );
    return parsed as Correction[];
  }
}
