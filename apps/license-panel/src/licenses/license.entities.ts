// The license domain's entities, for the app's data source (database/app-schema.ts).
import { LicenseGroupEntity, LicensePackageEntity } from './license-catalog.entities.js';
import { LicenseEventEntity } from './license-event.entity.js';
import { LicenseEntity } from './license.entity.js';
import { TransferRequestEntity } from './transfer-request.entity.js';

export const LICENSE_ENTITIES = [LicenseEntity, LicenseEventEntity, LicenseGroupEntity, LicensePackageEntity, TransferRequestEntity];
