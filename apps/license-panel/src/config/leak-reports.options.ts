// How the public leak-report route is limited per client address (LEAK_REPORT_LIMIT,
// LEAK_REPORT_WINDOW_SECONDS); counted in Redis when REDIS_URL is set, so every instance shares it.
import { intFrom, type Env } from './env.js';

export interface LeakReportsOptions {
  /** LEAK_REPORT_LIMIT: reports one address may send per window. @default 20 */
  readonly limit: number;
  /** LEAK_REPORT_WINDOW_SECONDS: length of the window. @default 60 */
  readonly windowSeconds: number;
}

export function leakReportsOptionsFrom(env: Env): LeakReportsOptions {
  return {
    limit: intFrom(env, 'LEAK_REPORT_LIMIT', 20, 1, 1_000_000),
    windowSeconds: intFrom(env, 'LEAK_REPORT_WINDOW_SECONDS', 60, 1, 86_400),
  };
}
