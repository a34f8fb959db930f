import type {
  ChatNotifyLevel,
  ChatView,
  PushSettingsView,
  PushSubscriptionInput,
  PushSubscriptionView,
} from '@app/contracts';
import { api } from './http';

/** The push routes of the API (`/api/v1/push/…`) and a chat's notification level. */
export const pushApi = {
  register: (subscription: PushSubscriptionInput) =>
    api<PushSubscriptionView>('/push/subscriptions', { method: 'POST', json: subscription }),
  devices: () => api<PushSubscriptionView[]>('/push/subscriptions'),
  remove: (id: string) =>
    api<void>(`/push/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  settings: () => api<PushSettingsView>('/push/settings'),
  saveSettings: (settings: PushSettingsView) =>
    api<PushSettingsView>('/push/settings', { method: 'PUT', json: settings }),
  setChatLevel: (chatId: string, level: ChatNotifyLevel) =>
    api<ChatView>(`/chats/${chatId}/notify`, { method: 'PUT', json: { level } }),
};
