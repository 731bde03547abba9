/**
 * Lets Node run this library's TypeScript sources in a worker thread, as under jest, where
 * there is no build: the sources import `./x.js`, the name of the built file, so a relative
 * `.js` that does not exist resolves to the `.ts` beside it. Loaded with `--import` before the
 * worker's entry; Node strips its types, so it holds erasable syntax only.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      const relativeJs = /^\.\.?\/.*\.js$/.test(specifier);
      if (!relativeJs) throw error;
      return nextResolve(`${specifier.slice(0, -'.js'.length)}.ts`, context);
    }
  },
});
