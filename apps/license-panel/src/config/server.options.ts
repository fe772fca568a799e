// Where and how the panel serves HTTP (PORT, HOST, HTTP_ADAPTER).
import { choiceFrom, intFrom, type Env } from './env.js';

export const HTTP_PLATFORMS = ['express', 'fastify'] as const;
export type HttpPlatform = (typeof HTTP_PLATFORMS)[number];

export interface ServerOptions {
  /** PORT. @default 3000 */
  readonly port: number;
  /** HOST. @default '0.0.0.0' */
  readonly host: string;
  /** HTTP_ADAPTER: the Nest platform, `express` or `fastify`; every face answers the same on both. @default 'express' */
  readonly platform: HttpPlatform;
}

export function serverOptionsFrom(env: Env): ServerOptions {
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    platform: choiceFrom(env, 'HTTP_ADAPTER', HTTP_PLATFORMS, 'express'),
  };
}
