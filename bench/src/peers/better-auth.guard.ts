// better-auth's API-key plugin: `auth.api.verifyApiKey` on every request (its default rate limit
// of 10 per day switched off, everything else as shipped).
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';

export const BETTER_AUTH = Symbol('better-auth');

/** The part of a better-auth instance with the api-key plugin that the guard calls. */
export interface BetterAuthApiKeys {
  api: {
    verifyApiKey(input: { body: { key: string } }): Promise<{ valid: boolean; key: { userId?: string; referenceId?: string } | null }>;
  };
}

interface HeaderRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: unknown;
}

@Injectable()
export class BetterAuthApiKeyGuard implements CanActivate {
  constructor(@Inject(BETTER_AUTH) private readonly auth: BetterAuthApiKeys) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<HeaderRequest>();
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string') throw new UnauthorizedException();
    const result = await this.auth.api.verifyApiKey({ body: { key } });
    if (!result.valid || !result.key) throw new UnauthorizedException();
    req.user = result.key;
    return true;
  }
}
