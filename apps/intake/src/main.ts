import 'reflect-metadata';
import { loadConfig } from '@rightsflow/config';
import { IntakeModule } from '@rightsflow/intake';
import { bootstrapActivityService } from '@rightsflow/platform';

// Intake: the public web form and REST API, plus the registry's activities.
const config = loadConfig();
void bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: config.http.intakePort });
