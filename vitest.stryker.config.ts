// The tests a mutation run (npm run mutate) runs: all but those that spawn dist/index.js or build
// dist/, which run the bundle rather than the mutated source, so they can kill no mutant.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['test/e2e*.test.ts', 'test/loading.test.ts', 'test/dist.test.ts', 'test/bench.test.ts'],
    },
  }),
);
