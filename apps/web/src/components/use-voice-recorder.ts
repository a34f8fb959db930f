import { useCallback, useEffect, useRef, useState } from 'react';
import {
  pickVoiceType,
  recorderStep,
  voiceFileName,
  type RecorderEffect,
  type RecorderEvent,
  type RecorderState,
} from '../lib/voice-recorder';

/** A finished recording, ready to upload. */
export interface RecordedVoice {
  file: Blob;
  name: string;
  durationMs: number;
  /** It stopped by itself at the longest a voice message can be. */
  reachedLimit: boolean;
}

/** The browser's recorder while it records, with what it recorded so far. */
interface Capture {
  recorder: MediaRecorder;
  stream: MediaStream;
  chunks: Blob[];
}

const TICK_MS = 200;

const release = (stream: MediaStream) => stream.getTracks().forEach((track) => track.stop());

/**
 * Ends the browser's recording: dropped (the microphone let go at once), or finished and handed
 * on as a file (null when nothing was recorded).
 */
function endCapture(
  { recorder, stream, chunks }: Capture,
  effect: RecorderEffect,
  done: (voice: RecordedVoice | null) => void,
): void {
  if (effect.type === 'discard') {
    recorder.ondataavailable = null;
    if (recorder.state !== 'inactive') recorder.stop();
    release(stream);
    return;
  }
  recorder.onstop = () => {
    release(stream);
    const type = (recorder.mimeType || chunks[0]?.type || 'audio/webm').split(';')[0];
    const file = new Blob(chunks, { type });
    if (file.size === 0) return done(null);
    done({
      file,
      name: voiceFileName(type, new Date()),
      durationMs: effect.durationMs,
      reachedLimit: effect.reachedLimit,
    });
  };
  if (recorder.state !== 'inactive') recorder.stop();
  else recorder.onstop(new Event('stop'));
}

/**
 * Records a voice message with MediaRecorder (audio only), driven by `recorderStep`: `start` asks
 * for the microphone, `stop` finishes and hands the recording to `onRecorded`, `cancel` drops it.
 * It stops by itself at the longest a voice message can be. The microphone is let go whenever the
 * recording ends, and when the composer goes away (another chat opened) mid-recording.
 */
export function useVoiceRecorder(onRecorded: (voice: RecordedVoice) => void) {
  const [state, setState] = useState<RecorderState>({ phase: 'idle' });
  const current = useRef(state);
  const capture = useRef<Capture | null>(null);
  const recorded = useRef(onRecorded);
  useEffect(() => {
    recorded.current = onRecorded;
  }, [onRecorded]);

  const dispatch = useCallback((event: RecorderEvent) => {
    const step = recorderStep(current.current, event);
    current.current = step.state;
    setState(step.state);
    const taken = capture.current;
    if (!step.effect || !taken) return;
    capture.current = null;
    endCapture(taken, step.effect, (voice) =>
      voice ? recorded.current(voice) : dispatch({ type: 'failed', reason: 'failed' }),
    );
  }, []);

  const start = useCallback(() => {
    if (current.current.phase === 'starting' || current.current.phase === 'recording') return;
    dispatch({ type: 'start' });
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      dispatch({ type: 'failed', reason: 'unavailable' });
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: true, video: false }).then(
      (stream) => {
        if (current.current.phase !== 'starting') return release(stream); // cancelled meanwhile
        try {
          const mimeType = pickVoiceType((type) => MediaRecorder.isTypeSupported(type));
          const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
          const chunks: Blob[] = [];
          recorder.ondataavailable = (event) => {
            if (event.data.size > 0) chunks.push(event.data);
          };
          recorder.onerror = () => dispatch({ type: 'failed', reason: 'failed' });
          capture.current = { recorder, stream, chunks };
          recorder.start(1000);
          dispatch({ type: 'started', at: performance.now() });
        } catch {
          release(stream);
          dispatch({ type: 'failed', reason: 'unavailable' });
        }
      },
      (error: unknown) => {
        const name = error instanceof DOMException ? error.name : '';
        const denied = name === 'NotAllowedError' || name === 'SecurityError';
        dispatch({ type: 'failed', reason: denied ? 'denied' : 'unavailable' });
      },
    );
  }, [dispatch]);

  const stop = useCallback(() => dispatch({ type: 'stop', at: performance.now() }), [dispatch]);
  const cancel = useCallback(() => dispatch({ type: 'cancel' }), [dispatch]);
  const dismiss = useCallback(() => dispatch({ type: 'dismiss' }), [dispatch]);

  const recording = state.phase === 'recording';
  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => dispatch({ type: 'tick', at: performance.now() }), TICK_MS);
    return () => clearInterval(timer);
  }, [recording, dispatch]);

  // Gone mid-recording (another chat opened, signed out): nothing is sent, the microphone freed.
  useEffect(
    () => () => {
      current.current = { phase: 'idle' };
      const taken = capture.current;
      capture.current = null;
      if (!taken) return;
      taken.recorder.onstop = null;
      endCapture(taken, { type: 'discard' }, () => undefined);
    },
    [],
  );

  return { state, start, stop, cancel, dismiss };
}
