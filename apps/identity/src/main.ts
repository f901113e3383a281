import 'reflect-metadata';
import { loadConfig } from '@rightsflow/config';
import { IdentityModule } from '@rightsflow/identity';
import { bootstrapActivityService } from '@rightsflow/platform';

// The identity service: its activities on the identity task queue, /health over HTTP.
const config = loadConfig();
void bootstrapActivityService({
  service: 'identity',
  feature: IdentityModule,
  httpPort: config.http.healthPorts.identity,
});
