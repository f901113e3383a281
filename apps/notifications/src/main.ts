import 'reflect-metadata';
import { loadConfig } from '@rightsflow/config';
import { NotificationsModule } from '@rightsflow/notifications';
import { bootstrapActivityService } from '@rightsflow/platform';

// The notifications service: its activities on the notifications task queue, /health over HTTP.
const config = loadConfig();
void bootstrapActivityService({
  service: 'notifications',
  feature: NotificationsModule,
  httpPort: config.http.healthPorts.notifications,
});
