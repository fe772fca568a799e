// The license domain's entities, for the app's data source (database/app-schema.ts).
import { LicenseEventEntity } from './license-event.entity.js';
import { LicenseGroupEntity } from './license-group.entity.js';
import { LicensePackageEntity } from './license-package.entity.js';
import { LicenseEntity } from './license.entity.js';

export const LICENSE_ENTITIES = [LicenseEntity, LicenseEventEntity, LicenseGroupEntity, LicensePackageEntity];
