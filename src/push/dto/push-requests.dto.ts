import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { PushSettingsView, PushSubscriptionInput } from '@app/contracts';

/** Push endpoints are a few hundred characters; anything near this is not one. */
const MAX_ENDPOINT = 2048;

export class PushKeysDto {
  @ApiProperty({ description: "The browser's P-256 public key, base64url (65 bytes decoded)" })
  @IsString()
  @MaxLength(128)
  p256dh!: string;

  @ApiProperty({ description: 'The authentication secret, base64url (16 bytes decoded)' })
  @IsString()
  @MaxLength(64)
  auth!: string;
}

/** `PushSubscription.toJSON()`, as the browser gives it. */
export class PushSubscriptionDto implements PushSubscriptionInput {
  @ApiProperty({
    description: "The push service's https URL for this browser (a known push service only)",
    example: 'https://fcm.googleapis.com/fcm/send/dXNlcjEyMzQ…',
  })
  @IsString()
  @MaxLength(MAX_ENDPOINT)
  endpoint!: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'As the browser reports it' })
  @IsOptional()
  @IsNumber()
  expirationTime?: number | null;

  @ApiProperty({ type: PushKeysDto })
  @IsDefined()
  // ValidateNested alone lets an array through (it checks each element, and [] has none).
  @IsObject()
  @ValidateNested()
  @Type(() => PushKeysDto)
  keys!: PushKeysDto;
}

/** The service worker's renewal after `pushsubscriptionchange`, proved by the old auth secret. */
export class PushRenewalDto {
  @ApiProperty({ description: 'The endpoint of the subscription the browser replaced' })
  @IsString()
  @MaxLength(MAX_ENDPOINT)
  oldEndpoint!: string;

  @ApiProperty({ description: "The replaced subscription's auth secret (base64url)" })
  @IsString()
  @MaxLength(64)
  oldAuth!: string;

  @ApiProperty({ type: PushSubscriptionDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PushSubscriptionDto)
  subscription!: PushSubscriptionDto;
}

export class PushSettingsDto implements PushSettingsView {
  @ApiProperty({ description: 'Show message texts in notifications (off: "New message")' })
  @IsBoolean()
  showText!: boolean;
}
