import 'reflect-metadata';
import { loadConfig } from '@rightsflow/config';
import { DataModule } from '@rightsflow/data';
import { bootstrapActivityService } from '@rightsflow/platform';

// The data service: its activities on the data task queue, /health over HTTP.
const config = loadConfig();
void bootstrapActivityService({ service: 'data', feature: DataModule, httpPort: config.http.healthPorts.data });
