export * from './auth';
export * from './campaigns';
export * from './customers';
export * from './runtime';
export * from './frontline';
export * from './customer-data';
export * from './analytics';
export * from './governance';
