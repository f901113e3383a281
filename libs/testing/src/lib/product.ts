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
  const [port] = await freePorts(1);
  return port;
}

/** Free ports for the product's processes as `npm start` runs them (intake's HTTP, every service's health). */
export async function productProcessPorts(): Promise<Record<string, string>> {
  const names = ['INTAKE_PORT', 'IDENTITY_HEALTH_PORT', 'DATA_HEALTH_PORT', 'NOTIFICATIONS_HEALTH_PORT', 'ORCHESTRATOR_HEALTH_PORT'];
  const ports = await freePorts(names.length);
  return Object.fromEntries(names.map((name, i) => [name, String(ports[i])]));
}

/** `count` different free ports: each stays taken until all are chosen (released one by one, the OS may repeat one). */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = net.createServer().listen(0, '127.0.0.1');
      servers.push(server);
      await once(server, 'listening');
    }
    return servers.map((server) => (server.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
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
