import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthSession } from '@app/contracts';
import { ApiError, ApiErrors, AuthRateLimited } from '@app/http';
import { setAuthCookies, SETS_COOKIES } from './auth-cookies';
import { AuthSessionDto } from './dto/auth-session.dto';
import { BAD_EMAIL_ERROR, LoginDto, RegisterDto } from './dto/auth.dto';
import { PasswordService } from './password.service';
import { UserAgent } from './user-agent.decorator';

@ApiTags('auth')
@Public()
@AuthRateLimited()
@ApiErrors(429)
@ApiError(400, BAD_EMAIL_ERROR)
@Controller('auth')
export class PasswordController {
  constructor(
    private readonly passwords: PasswordService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @ApiOperation({
    summary: 'Create an account with a password and sign in',
    description:
      'The address is not proven by this: when its owner later signs in with an e-mail code, the account is theirs, the password is removed and every session opened with it ends (an address belongs to whoever reads its mailbox). An address whose owner already signed in by code cannot be registered (409). ' +
      SETS_COOKIES,
  })
  @ApiCreatedResponse({ type: AuthSessionDto })
  @ApiError(409, { message: 'An account with this e-mail already exists: sign in instead' })
  async register(
    @Body() body: RegisterDto,
    @UserAgent() userAgent: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthSession> {
    const session = await this.passwords.register(body.email, body.password, body.name, userAgent);
    setAuthCookies(res, session, this.config.isProduction);
    return session;
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password', description: SETS_COOKIES })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiError(401, { message: 'Wrong e-mail or password' })
  async login(
    @Body() body: LoginDto,
    @UserAgent() userAgent: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthSession> {
    const session = await this.passwords.login(body.email, body.password, userAgent);
    setAuthCookies(res, session, this.config.isProduction);
    return session;
  }
}
