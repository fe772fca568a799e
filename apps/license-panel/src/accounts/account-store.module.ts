import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountEntity } from './account.entity.js';
import { DbAccountProvider } from './db-account.provider.js';

/** The account table and the AccountProvider the token library reads (no dependency on the library). */
@Module({
  imports: [TypeOrmModule.forFeature([AccountEntity])],
  providers: [DbAccountProvider],
  exports: [DbAccountProvider, TypeOrmModule],
})
export class AccountStoreModule {}
