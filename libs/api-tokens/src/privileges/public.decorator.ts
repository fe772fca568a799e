import { Reflector } from '@nestjs/core';

/** Opts a route or controller out of authentication by `TokenAuthGuard` / `PrivilegeGuard`. */
export const Public = Reflector.createDecorator<void, true>({ transform: () => true });
