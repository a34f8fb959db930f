/** The longest voice message: the server's VOICE_MAX_DURATION by default. Recording stops there. */
export const VOICE_MAX_MS = 5 * 60_000;

/** Shorter than this is a slip of the finger, not a message: it is not sent. */
export const VOICE_MIN_MS = 500;

/**
 * What MediaRecorder is asked to record in, the first the browser supports: Opus in WebM
 * (Chromium, Firefox), Opus in Ogg, then what Safari makes (MP4/AAC). The server takes each.
 */
export const VOICE_TYPES = [
  'audio/webm;codecs=opus',
  'audio/ogg;codecs=opus',
  'audio/webm',
  'audio/ogg',
  'audio/mp4',
] as const;

/** The type to record in, or undefined to leave the choice to the browser. */
export function pickVoiceType(isTypeSupported: (type: string) => boolean): string | undefined {
  return VOICE_TYPES.find((type) => {
    try {
      return isTypeSupported(type);
    } catch {
      return false;
    }
  });
}

/** The file name a recording is uploaded under: "voice-message-2026-12-08-1413.webm". */
export function voiceFileName(mimeType: string, at: Date): string {
  const type = mimeType.split(';')[0].trim().toLowerCase();
  const ext =
    { 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/mpeg': 'mp3', 'audio/wav': 'wav' }[type] ??
    'webm';
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}`;
  return `voice-message-${day}-${two(at.getHours())}${two(at.getMinutes())}.${ext}`;
}

/** Why a recording did not become a message. */
export type RecorderFailure = 'denied' | 'unavailable' | 'tooShort' | 'failed';

/**
 * The recorder in the composer: idle; waiting for the microphone (the browser may ask); recording
 * (since `startedAt`, `elapsedMs` so far); or failed, saying why until dismissed.
 */
export type RecorderState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'recording'; startedAt: number; elapsedMs: number }
  | { phase: 'failed'; reason: RecorderFailure };

/** What happens to it; `at` is a clock in milliseconds (performance.now()). */
export type RecorderEvent =
  | { type: 'start' }
  | { type: 'started'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'stop'; at: number }
  | { type: 'cancel' }
  | { type: 'failed'; reason: RecorderFailure }
  | { type: 'dismiss' };

/**
 * What the hook around it must do with the browser's recorder: finish it and send what it recorded
 * (as `durationMs` long; `reachedLimit` when it stopped by itself), or drop it and let go of the
 * microphone.
 */
export type RecorderEffect =
  { type: 'send'; durationMs: number; reachedLimit: boolean } | { type: 'discard' };

const IDLE: RecorderState = { phase: 'idle' };

/**
 * One step of the recorder: its next state, and what to do with the microphone. A recording stops
 * by itself at VOICE_MAX_MS (and is sent); one shorter than VOICE_MIN_MS is not sent. A microphone
 * granted after a cancel is let go at once.
 */
export function recorderStep(
  state: RecorderState,
  event: RecorderEvent,
): { state: RecorderState; effect?: RecorderEffect } {
  switch (event.type) {
    case 'start':
      return state.phase === 'idle' || state.phase === 'failed'
        ? { state: { phase: 'starting' } }
        : { state };
    case 'started':
      return state.phase === 'starting'
        ? { state: { phase: 'recording', startedAt: event.at, elapsedMs: 0 } }
        : { state, effect: { type: 'discard' } };
    case 'tick': {
      if (state.phase !== 'recording') return { state };
      const elapsedMs = Math.max(0, event.at - state.startedAt);
      if (elapsedMs >= VOICE_MAX_MS) {
        return {
          state: IDLE,
          effect: { type: 'send', durationMs: VOICE_MAX_MS, reachedLimit: true },
        };
      }
      return { state: { ...state, elapsedMs } };
    }
    case 'stop': {
      if (state.phase === 'starting') return { state: IDLE, effect: { type: 'discard' } };
      if (state.phase !== 'recording') return { state };
      const elapsedMs = Math.max(0, event.at - state.startedAt);
      if (elapsedMs < VOICE_MIN_MS) {
        return { state: { phase: 'failed', reason: 'tooShort' }, effect: { type: 'discard' } };
      }
      const durationMs = Math.min(Math.round(elapsedMs), VOICE_MAX_MS);
      return { state: IDLE, effect: { type: 'send', durationMs, reachedLimit: false } };
    }
    case 'cancel':
      return state.phase === 'starting' || state.phase === 'recording'
        ? { state: IDLE, effect: { type: 'discard' } }
        : { state: IDLE };
    case 'failed':
      return {
        state: { phase: 'failed', reason: event.reason },
        ...((state.phase === 'starting' || state.phase === 'recording') && {
          effect: { type: 'discard' },
        }),
      };
    case 'dismiss':
      return state.phase === 'failed' ? { state: IDLE } : { state };
  }
}
