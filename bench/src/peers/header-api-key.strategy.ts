// passport-headerapikey with an in-memory check: the cheapest Passport peer.
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { HeaderAPIKeyStrategy } from 'passport-headerapikey';

export const HEADER_API_KEY_STRATEGY = 'headerapikey';

@Injectable()
export class HeaderApiKeyStrategy extends PassportStrategy(HeaderAPIKeyStrategy, HEADER_API_KEY_STRATEGY) {
  /** key → user; filled at startup. */
  static readonly keys = new Map<string, { id: string }>();

  constructor() {
    super({ header: 'X-API-Key', prefix: '' }, false);
  }

  validate(apiKey: string): { id: string } | false {
    return HeaderApiKeyStrategy.keys.get(apiKey) ?? false;
  }
}
