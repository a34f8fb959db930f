import {
  pickVoiceType,
  recorderStep,
  voiceFileName,
  VOICE_MAX_MS,
  VOICE_MIN_MS,
  type RecorderEvent,
  type RecorderState,
} from './voice-recorder';

/** Runs events from idle; answers the state reached and every effect asked for, in order. */
function run(events: RecorderEvent[], from: RecorderState = { phase: 'idle' }) {
  let state = from;
  const effects: unknown[] = [];
  for (const event of events) {
    const step = recorderStep(state, event);
    state = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
}

describe('the voice recorder', () => {
  it('records from the moment the microphone is granted, counting the time', () => {
    expect(run([{ type: 'start' }]).state).toEqual({ phase: 'starting' });
    const { state, effects } = run([
      { type: 'start' },
      { type: 'started', at: 1_000 },
      { type: 'tick', at: 3_500 },
    ]);
    expect(state).toEqual({ phase: 'recording', startedAt: 1_000, elapsedMs: 2_500 });
    expect(effects).toEqual([]);
  });

  it('sends on stop, as long as it was recorded', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'started', at: 1_000 },
      { type: 'stop', at: 13_400.4 },
    ]);
    expect(state).toEqual({ phase: 'idle' });
    expect(effects).toEqual([{ type: 'send', durationMs: 12_400, reachedLimit: false }]);
  });

  it('stops by itself at the longest a voice message can be, and sends exactly that long', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'tick', at: VOICE_MAX_MS - 1 },
      { type: 'tick', at: VOICE_MAX_MS + 150 },
      // The button pressed a moment too late: nothing more happens.
      { type: 'stop', at: VOICE_MAX_MS + 300 },
      { type: 'tick', at: VOICE_MAX_MS + 400 },
    ]);
    expect(state).toEqual({ phase: 'idle' });
    expect(effects).toEqual([{ type: 'send', durationMs: VOICE_MAX_MS, reachedLimit: true }]);
  });

  it('never sends more than the longest, even when stopped late between two ticks', () => {
    const { effects } = run([
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'stop', at: VOICE_MAX_MS + 120 },
    ]);
    expect(effects).toEqual([{ type: 'send', durationMs: VOICE_MAX_MS, reachedLimit: false }]);
  });

  it('drops a recording too short to be meant, and says so', () => {
    const { state, effects } = run([
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'stop', at: VOICE_MIN_MS - 1 },
    ]);
    expect(state).toEqual({ phase: 'failed', reason: 'tooShort' });
    expect(effects).toEqual([{ type: 'discard' }]);
    expect(run([{ type: 'dismiss' }], state).state).toEqual({ phase: 'idle' });
  });

  it('drops what was recorded on cancel, while recording or still waiting for the microphone', () => {
    expect(
      run([{ type: 'start' }, { type: 'started', at: 0 }, { type: 'cancel' }]).effects,
    ).toEqual([{ type: 'discard' }]);
    // The microphone came after the cancel: it is let go at once, nothing records.
    const late = run([{ type: 'start' }, { type: 'cancel' }, { type: 'started', at: 10 }]);
    expect(late.state).toEqual({ phase: 'idle' });
    expect(late.effects).toEqual([{ type: 'discard' }, { type: 'discard' }]);
  });

  it('says why it could not record: a refused or missing microphone, a recorder error', () => {
    const denied = run([{ type: 'start' }, { type: 'failed', reason: 'denied' }]);
    expect(denied.state).toEqual({ phase: 'failed', reason: 'denied' });
    expect(denied.effects).toEqual([{ type: 'discard' }]);
    const broke = run([
      { type: 'start' },
      { type: 'started', at: 0 },
      { type: 'failed', reason: 'failed' },
    ]);
    expect(broke).toEqual({
      state: { phase: 'failed', reason: 'failed' },
      effects: [{ type: 'discard' }],
    });
    // Trying again after a failure starts over.
    expect(run([{ type: 'start' }], denied.state).state).toEqual({ phase: 'starting' });
  });

  it('ignores what does not apply: a second start, ticks and stops while idle', () => {
    const recording: RecorderState = { phase: 'recording', startedAt: 0, elapsedMs: 900 };
    expect(run([{ type: 'start' }], recording).state).toBe(recording);
    expect(
      run([
        { type: 'tick', at: 5 },
        { type: 'stop', at: 9 },
      ]),
    ).toEqual({
      state: { phase: 'idle' },
      effects: [],
    });
  });
});

describe('what a voice message is recorded in and called', () => {
  it('prefers Opus in WebM, then what the browser has', () => {
    expect(pickVoiceType(() => true)).toBe('audio/webm;codecs=opus');
    expect(pickVoiceType((type) => type === 'audio/mp4')).toBe('audio/mp4');
    expect(pickVoiceType((type) => type.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(pickVoiceType(() => false)).toBeUndefined();
    expect(
      pickVoiceType(() => {
        throw new Error('no');
      }),
    ).toBeUndefined();
  });

  it('names the file by the time and the type recorded', () => {
    const at = new Date(2026, 11, 8, 9, 5);
    expect(voiceFileName('audio/webm;codecs=opus', at)).toBe('voice-message-2026-12-08-0905.webm');
    expect(voiceFileName('audio/ogg', at)).toBe('voice-message-2026-12-08-0905.ogg');
    expect(voiceFileName('audio/mp4', at)).toBe('voice-message-2026-12-08-0905.m4a');
    expect(voiceFileName('', at)).toBe('voice-message-2026-12-08-0905.webm');
  });
});
