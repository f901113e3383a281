// Pure, deterministic DSAR rules shared by Temporal workflows and services.
// No I/O, no clock, no randomness: time and time zone are always passed in.
export * from './lib/calendar';
export * from './lib/request-types';
export * from './lib/policy';
export * from './lib/state-machine';
export * from './lib/deadlines';
export * from './lib/extension';
export * from './lib/quota';
export * from './lib/retention';
export * from './lib/laws';
