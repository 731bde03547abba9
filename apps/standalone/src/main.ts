import 'reflect-metadata';
import { ConfigError, loadConfig } from '#platform';
import { startStandalone } from './standalone.js';

try {
  const service = await startStandalone(loadConfig());
  const shutdown = (signal: string) => {
    void service.stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
