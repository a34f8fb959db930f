import type { ChatNotifyLevel } from '@app/contracts';
import { createContext } from 'react';

/** The open chat's push level, and the way to change it (the chat's bell menu offers it). */
export interface ChatNotifyChoice {
  level: ChatNotifyLevel;
  choose(level: ChatNotifyLevel): void;
}

/** Provided by the signed-in app for the open chat; null elsewhere (the menu then leaves it out). */
export const ChatNotifyContext = createContext<ChatNotifyChoice | null>(null);
