import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per process (Powertools: JSON lines, Lambda context, request ids). */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ticketing' });
