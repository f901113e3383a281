import { INestApplication } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { DataModule, seedIfEmpty } from '@rightsflow/data';
import { IdentityModule } from '@rightsflow/identity';
import { configureHttp, IntakeModule } from '@rightsflow/intake';
import { NotificationsModule } from '@rightsflow/notifications';
import { bootstrapActivityService } from '@rightsflow/platform';
import { Client } from '@temporalio/client';
import { MailInbox } from './mail-inbox';
import { appUrl, startTestOrchestrator, startTestService } from './services';
import { temporalClient } from './temporal';

export interface TestProduct {
  config: RightsflowConfig;
  intakeUrl: string;
  client: Client;
  inbox: MailInbox;
  apps: Record<'intake' | 'identity' | 'data' | 'notifications' | 'orchestrator', INestApplication>;
  stop(): Promise<void>;
}

/**
 * The whole product in this test process, on the real stack: the four
 * services, the workflow worker, and a small seeded sample company.
 */
export async function startTestProduct(config: RightsflowConfig, { subjects = 12 } = {}): Promise<TestProduct> {
  await seedIfEmpty(config, subjects);
  const intake = await bootstrapActivityService({
    service: 'intake',
    feature: IntakeModule,
    httpPort: 0,
    config,
    configureHttp,
  });
  const apps = {
    intake,
    identity: await startTestService('identity', IdentityModule, config),
    data: await startTestService('data', DataModule, config),
    notifications: await startTestService('notifications', NotificationsModule, config),
    orchestrator: await startTestOrchestrator(config),
  };
  const client = await temporalClient(config);
  return {
    config,
    intakeUrl: await appUrl(intake),
    client,
    inbox: new MailInbox(),
    apps,
    async stop() {
      for (const app of [apps.orchestrator, apps.intake, apps.identity, apps.data, apps.notifications])
        await app.close();
      await client.connection.close();
    },
  };
}
