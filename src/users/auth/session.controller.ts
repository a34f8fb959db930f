import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { accessTokenFrom, cookie, Public, REFRESH_COOKIE } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { AuthSession } from '@app/contracts';
import { ApiError, ApiErrors, AuthRateLimited } from '@app/http';
import { clearAuthCookies, setAuthCookies } from './auth-cookies';
import { AuthSessionDto } from './dto/auth-session.dto';
import { RefreshTokenDto } from './dto/auth.dto';
import { TokenService } from './token.service';

@ApiTags('auth')
@Public()
@AuthRateLimited()
@ApiErrors(429)
@ApiError(400, {
  message: 'Validation failed: refreshToken must be a string',
  details: [{ field: 'refreshToken', messages: ['refreshToken must be a string'] }],
})
@Controller('auth')
export class SessionController {
  constructor(
    private readonly tokens: TokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Swap a refresh token for a new pair',
    description:
      'The old refresh token stops working. Presenting an already used one ends the whole session. Without a body, the refresh_token cookie is used; Swagger UI sends no cookies, so there put the `refreshToken` of the sign-in answer in the body.',
  })
  @ApiOkResponse({ type: AuthSessionDto })
  @ApiError(401, { message: 'Session ended: sign in again' })
  async refresh(
    @Body() body: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AuthSession> {
    const session = await this.tokens.refresh(body.refreshToken ?? cookie(req, REFRESH_COOKIE));
    setAuthCookies(res, session, this.config.isProduction);
    return session;
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'End this session: its refresh and access tokens stop working' })
  @ApiNoContentResponse()
  async logout(
    @Body() body: RefreshTokenDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.tokens.endSession({
      refreshToken: body.refreshToken ?? cookie(req, REFRESH_COOKIE),
      accessToken: accessTokenFrom(req),
    });
    clearAuthCookies(res, this.config.isProduction);
  }
}
