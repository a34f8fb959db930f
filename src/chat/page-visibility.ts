import { Injectable, Logger } from '@nestjs/common';
import { PushNotifications } from '@app/contracts';
import { KeyValueStore } from '@app/kv';
import { PresenceService } from './presence.service';

const visibleKey = (userId: string) => `presence:visible:${userId}`;

/**
 * Which people have a page of ours in front of them, on any instance: each socket says when its
 * page comes to the front or goes to the background (`client:visibility`), and starts as not
 * visible. Someone with a visible page gets no push notification; their page notifies them. A
 * crashed instance's sockets stop counting with its heartbeat, like presence.
 */
@Injectable()
export class PageVisibility {
  private readonly logger = new Logger('PageVisibility');

  constructor(
    private readonly kv: KeyValueStore,
    private readonly presence: PresenceService,
    private readonly push: PushNotifications,
  ) {}

  async changed(userId: string, socketId: string, visible: boolean): Promise<null> {
    const connection = this.presence.connection(socketId);
    if (visible) {
      await this.kv.setAdd(visibleKey(userId), [connection]);
      // What was pushed while they were away has now been seen: the badge and counts start over.
      await this.push.seen(userId);
    } else {
      await this.kv.setRemove(visibleKey(userId), [connection]);
    }
    return null;
  }

  async forget(userId: string, socketId: string): Promise<void> {
    await this.kv.setRemove(visibleKey(userId), [this.presence.connection(socketId)]);
  }

  /** When unsure (the store unreachable), say not visible: a notification too many beats none. */
  async hasVisiblePage(userId: string): Promise<boolean> {
    try {
      for (const connection of await this.kv.setMembers(visibleKey(userId))) {
        if (await this.presence.isLiveConnection(connection)) return true;
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not tell whether a page is in front');
    }
    return false;
  }
}
