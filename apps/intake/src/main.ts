import 'reflect-metadata';
import { loadConfig } from '@rightsflow/config';
import { configureHttp, IntakeModule } from '@rightsflow/intake';
import { bootstrapActivityService } from '@rightsflow/platform';

// Intake: the public web form and REST API, plus the registry's activities.
// configureHttp adds security headers, rate and size limits and /api/docs.
const config = loadConfig();
void bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: config.http.intakePort, config, configureHttp });
