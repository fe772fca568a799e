import { Reflector } from '@nestjs/core';

/** Overrides the `WWW-Authenticate` value sent with a 401 for a route or controller. */
export const AuthChallenge = Reflector.createDecorator<string>();
