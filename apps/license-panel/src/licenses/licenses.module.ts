import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LicenseCatalogController } from './license-catalog.controller.js';
import { LICENSE_ENTITIES } from './license.entities.js';
import { LicensesController } from './licenses.controller.js';
import { LicensesService } from './licenses.service.js';

/** The license domain and its REST face. Other faces (Manage2 scripts) import it for LicensesService. */
@Module({
  imports: [TypeOrmModule.forFeature(LICENSE_ENTITIES)],
  controllers: [LicensesController, LicenseCatalogController],
  providers: [LicensesService],
  exports: [LicensesService],
})
export class LicensesModule {}
