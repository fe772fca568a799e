// What every route of the apps under test answers (the same small body everywhere, so that two
// rows differ only in how the request was let in), and a GET route behind guards in one decorator.
import { applyDecorators, Get, UseGuards, type CanActivate } from '@nestjs/common';

export interface Ok {
  ok: true;
}

export const OK: Ok = { ok: true };

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type GuardRef = CanActivate | Function;

/** `@Get(path)` behind `guards`. */
export const GuardedGet = (path: string, ...guards: GuardRef[]): MethodDecorator => applyDecorators(UseGuards(...guards), Get(path));
