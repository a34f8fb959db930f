/**
 * How media decides who may see an image posted in a chat, without importing the chat module.
 * Media always runs in the app that hosts chat (the single process, or chat-service), so this port
 * is always bound in process.
 */
export abstract class MediaAccess {
  /** Whether the image was posted in a chat `userId` is currently a member of. */
  abstract isPostedInChatOf(userId: string, mediaId: string): Promise<boolean>;
}
