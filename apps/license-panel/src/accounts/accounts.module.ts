import { Module } from '@nestjs/common';
import { AccountStoreModule } from './account-store.module.js';
import { AccountsService } from './accounts.service.js';

@Module({
  imports: [AccountStoreModule],
  providers: [AccountsService],
  exports: [AccountsService],
})
export class AccountsModule {}
