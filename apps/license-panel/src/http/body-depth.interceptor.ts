// Refuses request bodies nested deeper than any face needs, before validation: class-transformer
// and class-validator walk bodies recursively, and a body of 20,000 nested arrays (well under the
// size limit) would otherwise end in a stack overflow and a 500.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { PanelError } from '../common/panel.error.js';
import type { Observable } from 'rxjs';

/** Deepest nesting accepted: the deepest legitimate body (a batch of modifications) needs 4. */
export const MAX_BODY_DEPTH = 32;

@Injectable()
export class BodyDepthInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && nestedDeeperThan(context.switchToHttp().getRequest<{ body?: unknown }>().body, MAX_BODY_DEPTH)) {
      throw PanelError.invalid('body', `The request body is nested more than ${MAX_BODY_DEPTH} levels deep.`);
    }
    return next.handle();
  }
}

/** Iterative, so that measuring a hostile body cannot overflow the stack either. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
