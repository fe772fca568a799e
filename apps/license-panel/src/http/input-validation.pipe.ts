// The app's input validation: class-validator DTOs with whitelist + forbidNonWhitelisted, except
// for `apikey`, the credential parameter the token library reads before any handler runs. It is no
// route's input, so it is dropped before validation instead of being refused as an unknown field:
// an authorization key works as `?apikey=` on every REST route (the REST face reads no Basic).
import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';

const CREDENTIAL_PARAM = 'apikey';

export class InputValidationPipe extends ValidationPipe {
  constructor() {
    super({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'query' || metadata.type === 'body') && isRecord(value) && Object.hasOwn(value, CREDENTIAL_PARAM)) {
      const { [CREDENTIAL_PARAM]: _credential, ...rest } = value;
      return super.transform(rest, metadata);
    }
    return super.transform(value, metadata);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
