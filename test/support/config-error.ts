import { ConfigError, loadConfig } from '../../src/config.ts';

/** The ConfigError `env` is refused with (fails the test when it is accepted). */
export function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
