// The app's own entities and migrations (the library's are added in data-source-options.ts).
import { AccountEntity } from '../accounts/account.entity.js';
import { LICENSE_ENTITIES } from '../licenses/license.entities.js';
import { CreateAccounts1764000100000 } from '../migrations/1764000100000-create-accounts.js';
import { CreateLicenses1764000200000 } from '../migrations/1764000200000-create-licenses.js';
import { GroupsTransferRequests1764000300000 } from '../migrations/1764000300000-groups-transfer-requests.js';

export const APP_ENTITIES = [AccountEntity, ...LICENSE_ENTITIES];
export const APP_MIGRATIONS = [CreateAccounts1764000100000, CreateLicenses1764000200000, GroupsTransferRequests1764000300000];
