export { startMongoStandIn, type MongoStandIn, type MongoStandInOptions } from './server';
export { SUPPORTED_COMMANDS } from './commands';
