import { Injectable, type ExecutionContext } from '@nestjs/common';
import { TokenAuthGuard } from 'nestjs-api-tokens';

/**
 * Authentication without a privilege check, on routes that are `@Public()` for the app's global
 * `PrivilegeGuard` because any credential — a limited one too — may use them (`GET /api/me`).
 * The library's `TokenAuthGuard` with its `isPublic` hook answering "never".
 */
@Injectable()
export class AnyCredentialGuard extends TokenAuthGuard {
  protected override isPublic(_context: ExecutionContext): boolean {
    return false;
  }
}
