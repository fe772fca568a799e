import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LicenseCatalogController } from './license-catalog.controller.js';
import { LicenseCatalogService } from './license-catalog.service.js';
import { LicenseTransitions } from './license-transitions.js';
import { LICENSE_ENTITIES } from './license.entities.js';
import { LicensesController } from './licenses.controller.js';
import { LicensesService } from './licenses.service.js';
import { SecurityVerificationService } from './security-verification.service.js';

/** The license domain and its REST face. Other faces (Manage2 scripts) import it for its services. */
@Module({
  imports: [TypeOrmModule.forFeature(LICENSE_ENTITIES)],
  controllers: [LicensesController, LicenseCatalogController],
  providers: [LicensesService, LicenseCatalogService, SecurityVerificationService, LicenseTransitions],
  exports: [LicensesService, LicenseCatalogService, SecurityVerificationService],
})
export class LicensesModule {}
