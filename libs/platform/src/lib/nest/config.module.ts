import { DynamicModule, Global, Module } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';

/** Injection token of the validated configuration. */
export const RIGHTSFLOW_CONFIG = Symbol('RIGHTSFLOW_CONFIG');

/** Makes the one validated configuration injectable everywhere in a service. */
@Global()
@Module({})
export class RightsflowConfigModule {
  static forRoot(config: RightsflowConfig): DynamicModule {
    return {
      module: RightsflowConfigModule,
      providers: [{ provide: RIGHTSFLOW_CONFIG, useValue: config }],
      exports: [RIGHTSFLOW_CONFIG],
    };
  }
}
