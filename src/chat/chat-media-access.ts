import { Injectable } from '@nestjs/common';
import { MediaAccess } from '@app/contracts';
import { MessagesRepository } from './persistence/messages.repository';

/** The chat side of `MediaAccess`: an image is visible to the members of the chats it was posted in. */
@Injectable()
export class ChatMediaAccess extends MediaAccess {
  constructor(private readonly messages: MessagesRepository) {
    super();
  }

  isPostedInChatOf(userId: string, mediaId: string): Promise<boolean> {
    return this.messages.isMediaPostedInChatOf(userId, mediaId);
  }
}
