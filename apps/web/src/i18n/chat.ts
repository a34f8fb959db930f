import { useTranslation } from 'react-i18next';
import type { Translation } from './catalogue';
import { chat as de } from './de/chat';
import { chat as en } from './en/chat';
import { i18n } from './i18n';
import type { Language } from './languages';

/**
 * The signed-in app's texts join the catalogue when its code loads: the sign-in screen's bundle
 * does not carry them (it loads only what signing in needs).
 */
const CHAT: Record<Language, Translation<typeof en>> = { en, de };
for (const [language, texts] of Object.entries(CHAT)) {
  i18n.addResourceBundle(language, 'chat', texts);
}

/** `t` for the app's texts outside React (state, lib): in the language shown at the call. */
export const chatText = i18n.getFixedT(null, 'chat');

/** `t` for the app's texts in a component, which renders again when the language changes. */
export const useChatText = () => useTranslation('chat').t;
