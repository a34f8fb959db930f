import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthSession } from '@app/contracts';
import { ApiError, ApiErrors, AuthRateLimited } from '@app/http';
import { requestIdOf } from '@app/observability';
import { setAuthCookies, SETS_COOKIES } from './auth-cookies';
import { AuthSessionDto } from './dto/auth-session.dto';
import { BAD_EMAIL_ERROR, OtpIssuedDto, OtpRequestDto, OtpVerifyDto } from './dto/auth.dto';
import { OtpService, type OtpIssued } from './otp.service';
import { UserAgent } from './user-agent.decorator';

@ApiTags('auth')
@Public()
@AuthRateLimited()
@ApiErrors(429)
@ApiError(400, BAD_EMAIL_ERROR)
@Controller('auth/otp')
export class OtpController {
  constructor(
    private readonly otp: OtpService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('request')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'E-mail a 6-digit sign-in code',
    description:
      'Responds at once; the code is valid for 5 minutes. The same response whether or not an account exists. Without `SMTP_URL` (development) the e-mail is not sent but written to `DATA_DIR/outbox` (`./data/outbox` by default): the newest `.eml` file, the code in its subject.',
  })
  @ApiAcceptedResponse({ type: OtpIssuedDto })
  request(@Body() body: OtpRequestDto, @Req() req: Request): Promise<OtpIssued> {
    return this.otp.request(body.email, requestIdOf(req));
  }

  @Post('verify')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with the code; the first sign-in creates the account',
    description: SETS_COOKIES,
  })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiError(401, {
    description:
      'The code is wrong or expired; `details.attemptsLeft` says how many tries it has left',
    message: 'Wrong code: 4 attempt(s) left',
    details: { attemptsLeft: 4 },
  })
  async verify(
    @Body() body: OtpVerifyDto,
    @UserAgent() userAgent: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthSession> {
    const session = await this.otp.verify(body.email, body.code, userAgent);
    setAuthCookies(res, session, this.config.isProduction);
    return session;
  }
}
