// The app's own entities and migrations (the library's are added in data-source-options.ts).
import { AccountEntity } from '../accounts/account.entity.js';
import { CreateAccounts1764000100000 } from '../migrations/1764000100000-create-accounts.js';

export const APP_ENTITIES = [AccountEntity];
export const APP_MIGRATIONS = [CreateAccounts1764000100000];
