import { ApiProperty } from '@nestjs/swagger';
import type { PushSubscriptionView, VapidPublicKeyView } from '@app/contracts';

export class VapidPublicKeyDto implements VapidPublicKeyView {
  @ApiProperty({ description: 'For PushManager.subscribe: base64url, 65 bytes decoded' })
  publicKey!: string;
}

export class PushSubscriptionViewDto implements PushSubscriptionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'fcm.googleapis.com', description: "The push service's host" })
  service!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'Registered by the session making this request' })
  currentSession!: boolean;
}
