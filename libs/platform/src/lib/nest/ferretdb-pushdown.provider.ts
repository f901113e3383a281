import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import type { Connection } from 'mongoose';
import { FerretDbPushdownIndexes, IndexedModel } from '../ferretdb/pushdown-indexes';
import { RIGHTSFLOW_CONFIG } from './config.module';

/**
 * On our own FerretDB (FERRETDB_POSTGRES_URL set), once the schemas' indexes
 * are built, adds the PostgreSQL index that serves FerretDB's equality lookups
 * on each field a schema index leads with (request log by requestId,
 * verification data by requestId, assessments by idempotencyKey…): without it
 * each such lookup reads the whole collection. Nothing on MongoDB, whose own
 * indexes serve. A failure is logged, never fatal: lookups stay correct, only slower.
 */
@Injectable()
export class FerretDbPushdownProvider implements OnApplicationBootstrap {
  private readonly logger = new Logger('FerretDbPushdown');

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const url = this.config.mongo.ferretdbPostgresUrl;
    if (!url) return;
    const models = Object.values(this.connection.models);
    const indexes = new FerretDbPushdownIndexes(url);
    try {
      await Promise.all(models.map((model) => model.init()));
      const ensured = await indexes.ensureForModels(this.connection.name, models as unknown as IndexedModel[]);
      this.logger.log(`${ensured} FerretDB lookup field(s) of ${this.connection.name} served by a PostgreSQL index`);
    } catch (error) {
      this.logger.warn(
        `could not add FerretDB pushdown indexes to ${this.connection.name}: ${(error as Error).message}`,
      );
    } finally {
      await indexes.close();
    }
  }
}
