import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LicenseCatalogController } from './license-catalog.controller.js';
import { LicenseCatalogService } from './license-catalog.service.js';
import { LicenseDesk } from './license-desk.js';
import { LicenseGroupsService } from './license-groups.service.js';
import { LicenseModificationsService } from './license-modifications.service.js';
import { LicenseTransitions } from './license-transitions.js';
import { LICENSE_ENTITIES } from './license.entities.js';
import { LicensesController } from './licenses.controller.js';
import { LicensesService } from './licenses.service.js';
import { SecurityVerificationService } from './security-verification.service.js';
import { TransferRequestsController } from './transfer-requests.controller.js';
import { TransferRequestsService } from './transfer-requests.service.js';

/** The license domain and its REST face. Other faces (Manage2 scripts) import it for its services. */
@Module({
  imports: [TypeOrmModule.forFeature(LICENSE_ENTITIES)],
  controllers: [LicensesController, LicenseCatalogController, TransferRequestsController],
  providers: [
    LicensesService,
    LicenseCatalogService,
    LicenseGroupsService,
    LicenseModificationsService,
    TransferRequestsService,
    SecurityVerificationService,
    LicenseTransitions,
    LicenseDesk,
  ],
  exports: [LicensesService, LicenseCatalogService, LicenseGroupsService, LicenseModificationsService, TransferRequestsService, SecurityVerificationService],
})
export class LicensesModule {}
