// Vitest's defaults, and not the copies of the project Stryker makes while a mutation run goes on.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, '.stryker-tmp/**'],
  },
});
