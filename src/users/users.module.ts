import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { UserDirectory } from '@app/contracts';
import { DatabaseModule, repositoryProvider } from '@app/database';
import { KvModule } from '@app/kv';
import { OtpController } from './auth/otp.controller';
import { OtpService } from './auth/otp.service';
import { PasswordController } from './auth/password.controller';
import { PasswordService } from './auth/password.service';
import { SessionController } from './auth/session.controller';
import { TokenService } from './auth/token.service';
import { LocalUserDirectory } from './local-user-directory';
import { MongoUsersRepository } from './persistence/mongo/mongo-users.repository';
import { SqlUsersRepository } from './persistence/sql/sql-users.repository';
import { UsersRepository } from './persistence/users.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { SessionsController } from './auth/sessions.controller';
import { SessionsService } from './auth/sessions.service';
import { NewSignInAlerts } from './auth/new-sign-in-alerts';
import { SignOutEverywhereController } from './auth/sign-out-everywhere.controller';

/**
 * Accounts, sign-in (OTP and password), tokens and profiles. Offers `UserDirectory`; needs
 * `MailQueue` and `MediaLibrary` (avatars), bound by the app in `PortsModule`.
 */
@Module({
  imports: [DatabaseModule, KvModule, AuthModule],
  controllers: [
    OtpController,
    PasswordController,
    SessionController,
    SessionsController,
    SignOutEverywhereController,
    UsersController,
  ],
  providers: [
    repositoryProvider(UsersRepository, {
      sql: (db) => new SqlUsersRepository(db),
      mongodb: (connection) => MongoUsersRepository.create(connection),
    }),
    UsersService,
    TokenService,
    OtpService,
    PasswordService,
    SessionsService,
    NewSignInAlerts,
    { provide: UserDirectory, useClass: LocalUserDirectory },
  ],
  exports: [UserDirectory],
})
export class UsersModule {}
