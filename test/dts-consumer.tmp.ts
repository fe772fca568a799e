import { TokensModule, ApiTokensService } from 'nestjs-api-tokens';
export const m = TokensModule;
export type S = ApiTokensService;
