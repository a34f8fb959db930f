/**
 * How media decides who may see an image posted in a chat, without importing the chat module. In
 * the split deployment it is an RMQ request `chat.media_access`.
 */
export abstract class MediaAccess {
  /** Whether the image was posted in a chat `userId` is currently a member of. */
  abstract isPostedInChatOf(userId: string, mediaId: string): Promise<boolean>;
}
