import { INestApplication } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { DataModule } from '@rightsflow/data';
import { IdentityModule } from '@rightsflow/identity';
import { configureHttp, IntakeModule } from '@rightsflow/intake';
import { NotificationsModule } from '@rightsflow/notifications';
import { bootstrapActivityService } from '@rightsflow/platform';
import { Client } from '@temporalio/client';
import { once } from 'node:events';
import net from 'node:net';
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

/** A TCP port free right now on IPv4 loopback (taken, then released): the tests' and benchmarks' one helper. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The whole product in this test process, on the real stack: the four
 * services, the workflow worker, and a small seeded sample company.
 * Wired as in production: links in emails start with the intake site's URL
 * (PUBLIC_BASE_URL), and intake proxies /download/* and /processors/callback/*
 * to the data service (DATA_SERVICE_URL). `config` of the result holds both.
 */
export async function startTestProduct(given: RightsflowConfig, { subjects = 12 } = {}): Promise<TestProduct> {
  const intakePort = await freePort();
  const linked: RightsflowConfig = { ...given, http: { ...given.http, publicBaseUrl: `http://127.0.0.1:${intakePort}` } };
  const data = await startTestService('data', DataModule, linked, { subjects });
  const config: RightsflowConfig = { ...linked, http: { ...linked.http, dataServiceUrl: await appUrl(data) } };
  const intake = await bootstrapActivityService({
    service: 'intake',
    feature: IntakeModule,
    httpPort: intakePort,
    config,
    configureHttp,
  });
  const apps = {
    intake,
    identity: await startTestService('identity', IdentityModule, config),
    data,
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
