import type { SessionView } from '@app/contracts';
import { api } from './http';

/** Where the person is signed in (`/api/v1/auth/sessions`), and signing those sessions out. */
export const sessionsApi = {
  list: () => api<SessionView[]>('/auth/sessions'),
  /** 204; a 404 when it is not (any more) one of mine. */
  end: (id: string) => api<void>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  /** Every session but this one. */
  endOthers: () => api<{ ended: number }>('/auth/sessions', { method: 'DELETE' }),
};
