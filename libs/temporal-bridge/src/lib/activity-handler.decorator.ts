import { MessagePattern } from '@nestjs/microservices';

/**
 * Marks a controller method as the activity `name` of its service's task queue.
 * Typed against the service's activity contract, so a renamed contract method
 * breaks the build instead of silently unregistering the activity.
 */
export function ActivityHandler<Contract>(name: Extract<keyof Contract, string>): MethodDecorator {
  return MessagePattern(name);
}
