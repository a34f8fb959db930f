import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Public, type AuthUser } from '@app/auth';
import type { PushSettingsView, PushSubscriptionView, VapidPublicKeyView } from '@app/contracts';
import { ApiError, ApiErrors, UuidParam } from '@app/http';
import { PushRenewalDto, PushSettingsDto, PushSubscriptionDto } from '../dto/push-requests.dto';
import { PushSubscriptionViewDto, VapidPublicKeyDto } from '../dto/push-responses.dto';
import { PushSettingsService } from '../push-settings.service';
import { PushSubscriptionsService } from '../push-subscriptions.service';
import { VapidKeys } from '../vapid-keys';

/** Web Push: the server's key, this person's devices and their preferences. */
@ApiTags('push')
@ApiErrors(429)
@Controller('push')
export class PushController {
  constructor(
    private readonly keys: VapidKeys,
    private readonly subscriptions: PushSubscriptionsService,
    private readonly settings: PushSettingsService,
  ) {}

  @Public()
  @Get('vapid-public-key')
  @ApiOperation({ summary: "The server's VAPID public key, for PushManager.subscribe" })
  @ApiOkResponse({ type: VapidPublicKeyDto })
  vapidPublicKey(): VapidPublicKeyView {
    return { publicKey: this.keys.publicKey };
  }

  @Post('subscriptions')
  @ApiOperation({
    summary: 'Register this browser for push notifications',
    description:
      "The body is the browser's `PushSubscription.toJSON()`. The endpoint must be https at a known push service. The subscription belongs to this session: signing out removes it, and a session keeps at most 4 (the oldest makes room). The same endpoint again renews it.",
  })
  @ApiCreatedResponse({ type: PushSubscriptionViewDto })
  @ApiErrors(400, 401)
  register(
    @CurrentUser() user: AuthUser,
    @Body() body: PushSubscriptionDto,
  ): Promise<PushSubscriptionView> {
    return this.subscriptions.register(user, body);
  }

  @Get('subscriptions')
  @ApiOperation({ summary: 'Your devices that take push, from every session' })
  @ApiOkResponse({ type: [PushSubscriptionViewDto] })
  @ApiErrors(401)
  list(@CurrentUser() user: AuthUser): Promise<PushSubscriptionView[]> {
    return this.subscriptions.list(user);
  }

  @Delete('subscriptions/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Stop push to one of your devices' })
  @ApiNoContentResponse()
  @ApiErrors(400, 401)
  @ApiError(404, { message: 'No such push subscription of yours' })
  async remove(@CurrentUser() user: AuthUser, @UuidParam('id') id: string): Promise<void> {
    await this.subscriptions.remove(user, id);
  }

  @Public()
  @Put('subscriptions/renewal')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Replace a subscription the browser renewed (service worker, no access token)',
    description:
      "For `pushsubscriptionchange`: the old subscription's endpoint and auth secret prove the request; the new one keeps its person and session.",
  })
  @ApiNoContentResponse()
  @ApiErrors(400)
  @ApiError(401, { message: 'No such subscription, or the wrong auth secret' })
  async renew(@Body() body: PushRenewalDto): Promise<void> {
    await this.subscriptions.renew(body.oldEndpoint, body.oldAuth, body.subscription);
  }

  @Get('settings')
  @ApiOperation({ summary: 'Your push preferences' })
  @ApiOkResponse({ type: PushSettingsDto })
  @ApiErrors(401)
  getSettings(@CurrentUser() user: AuthUser): Promise<PushSettingsView> {
    return this.settings.get(user.userId);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Change your push preferences' })
  @ApiOkResponse({ type: PushSettingsDto })
  @ApiErrors(400, 401)
  putSettings(
    @CurrentUser() user: AuthUser,
    @Body() body: PushSettingsDto,
  ): Promise<PushSettingsView> {
    return this.settings.update(user.userId, body);
  }
}
