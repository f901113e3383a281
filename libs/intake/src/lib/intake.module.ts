import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MulterModule } from '@nestjs/platform-express';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG, ServiceDatabaseModule } from '@rightsflow/platform';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import { IntakeActivitiesController } from './activities/intake-activities.controller';
import { CodecSessionController } from './codec/codec-session.controller';
import { CodecController, PAYLOAD_CODEC } from './codec/codec.controller';
import { RequestsApiController } from './api/requests-api.controller';
import { IntakeHttpExceptionFilter } from './http/intake-exception.filter';
import { OperatorRecords } from './records/operator-records';
import { OperatorRecordsController } from './records/operator-records.controller';
import { BootstrapTokenGuard } from './operators/bootstrap-token.guard';
import { OperatorActionsController } from './operators/operator-actions.controller';
import { OperatorAttestations } from './operators/operator-attestations';
import { OperatorAuthGuard } from './operators/operator-auth.guard';
import { OPERATOR_CREDENTIAL_MODEL, operatorCredentialSchema } from './operators/operator-credential.schema';
import { OperatorCredentials } from './operators/operator-credentials';
import { OperatorsController } from './operators/operators.controller';
import { GpcSignalsController } from './gpc/gpc-signals.controller';
import { SiteKeyGuard } from './gpc/site-key.guard';
import { RequestRetention } from './records/request-retention';
import { IntakeRetentionActivitiesController } from './records/retention-activities.controller';
import { AccessQuota } from './registry/access-quota';
import { ACCESS_QUOTA_HEAD_MODEL, ACCESS_QUOTA_MODEL, accessQuotaHeadSchema, accessQuotaSchema } from './registry/access-quota.schema';
import { LOG_ANCHOR_MODEL, logAnchorSchema } from './registry/log-anchor.schema';
import { RequestLog } from './registry/request-log';
import { REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, requestLogKeySchema, requestLogSchema } from './registry/request-log.schema';
import { RequestRegistry } from './registry/request-registry';
import { REQUEST_MODEL, requestSchema } from './registry/request.schema';
import { DsarWorkflows } from './submission/dsar-workflows';
import { IntakeService } from './submission/intake.service';
import { PermissionStore } from './submission/permission-store';
import { intakeThrottlerModule, IntakeRateLimits } from './submission/rate-limits';
import { WorkflowStartSweeper } from './submission/workflow-start-sweeper';
import { WorkflowStarter } from './submission/workflow-starter';
import { CsrfTokens } from './web/csrf';
import { WebFormController } from './web/web-form.controller';

/**
 * The intake service: the data subject's front door (web form, REST API,
 * status page) and the owner of the request registry and request log, whose
 * activities (IntakeActivities) the request workflow calls. Also the records'
 * retention sweep (R21) and the operator routes under /api/v1/operator
 * (R21 timeline and log export, R22 metrics).
 */
@Module({
  imports: [
    ServiceDatabaseModule.forService('intake'),
    intakeThrottlerModule,
    MongooseModule.forFeature([
      { name: REQUEST_MODEL, schema: requestSchema },
      { name: REQUEST_LOG_MODEL, schema: requestLogSchema },
      { name: REQUEST_LOG_KEY_MODEL, schema: requestLogKeySchema },
      { name: LOG_ANCHOR_MODEL, schema: logAnchorSchema },
      { name: ACCESS_QUOTA_MODEL, schema: accessQuotaSchema },
      { name: ACCESS_QUOTA_HEAD_MODEL, schema: accessQuotaHeadSchema },
      { name: OPERATOR_CREDENTIAL_MODEL, schema: operatorCredentialSchema },
    ]),
    // Multipart (the form, and agents' API uploads): in memory, one file, small fields.
    MulterModule.registerAsync({
      inject: [RIGHTSFLOW_CONFIG],
      useFactory: (config: RightsflowConfig) => ({
        limits: { fileSize: config.intake.uploadMaxKb * 1024, files: 1, fields: 40, fieldSize: 65_536, parts: 42, headerPairs: 100 },
      }),
    }),
  ],
  controllers: [IntakeActivitiesController, IntakeRetentionActivitiesController, RequestsApiController, WebFormController, OperatorRecordsController, OperatorsController, OperatorActionsController, CodecController, CodecSessionController, GpcSignalsController],
  providers: [
    RequestRegistry,
    RequestLog,
    AccessQuota,
    DsarWorkflows,
    PermissionStore,
    IntakeRateLimits,
    IntakeService,
    WorkflowStartSweeper,
    WorkflowStarter,
    CsrfTokens,
    IntakeHttpExceptionFilter,
    RequestRetention,
    OperatorRecords,
    OperatorCredentials,
    OperatorAttestations,
    OperatorAuthGuard,
    BootstrapTokenGuard,
    { provide: PAYLOAD_CODEC, inject: [RIGHTSFLOW_CONFIG], useFactory: (config: RightsflowConfig) => payloadCodec(config) },
    SiteKeyGuard,
  ],
  exports: [RequestRegistry, RequestLog, AccessQuota, IntakeService],
})
export class IntakeModule {}
