import { RebuildInProgressError } from '#read-model';
import { ConfigError, loadConfig } from '#platform';
import { NoEventStoreError, rebuildConfiguredReadModel } from './rebuild-configured.js';

/**
 * `npm run projection:rebuild`: projects the read model again from the event store and swaps it
 * in (see rebuildConfiguredReadModel). Prints its progress every second and the total at the end.
 */
async function main(): Promise<number> {
  const started = Date.now();
  let lastReport = 0;
  const result = await rebuildConfiguredReadModel(loadConfig(), {
    onStart: (description) => console.log(description),
    onProgress: ({ events, position, head }) => {
      if (Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      const percent = head === 0 ? 100 : Math.floor((position / head) * 100);
      console.log(
        `  ${events.toLocaleString('en')} events applied, position ${position} of ${head} (${percent}%)`,
      );
    },
  });
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `Done: ${result.events.toLocaleString('en')} events applied up to position ${result.position} in ${seconds.toFixed(1)} s`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  const expected =
    error instanceof ConfigError ||
    error instanceof RebuildInProgressError ||
    error instanceof NoEventStoreError;
  console.error(expected ? (error as Error).message : error);
  process.exitCode = error instanceof ConfigError ? 2 : 1;
}
