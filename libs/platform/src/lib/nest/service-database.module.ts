import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RightsflowConfig, serviceDatabaseName, TaskQueueName } from '@rightsflow/config';
import mongoose from 'mongoose';
import { RIGHTSFLOW_CONFIG } from './config.module';
import { FerretDbPushdownProvider } from './ferretdb-pushdown.provider';

// Mongoose keeps `new Error().stack` of every query it runs, only to word a "Query was already executed"
// error; under SWC's source-map support each of those stacks is mapped through source maps, which CPU
// profiles of the services showed on every query (issue 16). Its documented switch turns that off.
mongoose.set('skipOriginalStackTraces', true);

/**
 * Each service owns one database (<prefix>_<service>); no service reads another's.
 * Settings stay within what FerretDB supports, so the same code runs on MongoDB 7.
 */
@Module({})
export class ServiceDatabaseModule {
  static forService(service: TaskQueueName | 'company'): DynamicModule {
    return {
      module: ServiceDatabaseModule,
      imports: [
        MongooseModule.forRootAsync({
          inject: [RIGHTSFLOW_CONFIG],
          useFactory: (config: RightsflowConfig) => ({
            uri: config.mongo.url,
            dbName: serviceDatabaseName(config, service),
            serverSelectionTimeoutMS: 10_000,
            // Indexes are declared on schemas and built at start, before traffic.
            autoIndex: true,
          }),
        }),
      ],
      providers: [FerretDbPushdownProvider],
      exports: [MongooseModule],
    };
  }
}
