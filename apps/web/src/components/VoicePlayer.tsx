import type { FileView } from '@app/contracts';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useChatText } from '../i18n/chat';
import { formatDuration } from '../lib/attachments';
import { Icon } from './icons';

/** The one voice message playing: starting another pauses it. */
let playing: HTMLAudioElement | null = null;

/** How far the arrow keys move in a voice message. */
const STEP_MS = 5_000;

/**
 * A voice message, played in place: a play/pause button, a bar showing (and setting, by a click
 * or the arrow keys) where it is, and the time played of the whole. The whole is the length the
 * server was told, not the browser's reading of the file: a recording made by MediaRecorder
 * (WebM) often says its length is unknown until played through. The audio is fetched with the
 * session cookie, in byte ranges, so seeking works before it has all arrived.
 */
export function VoicePlayer({ file, mine }: { file: FileView; mine: boolean }) {
  const t = useChatText();
  const audio = useRef<HTMLAudioElement>(null);
  const [isPlaying, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(0);
  const [readMs, setReadMs] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const totalMs = file.durationMs ?? readMs ?? 0;

  useEffect(
    () => () => {
      if (playing === audio.current) playing = null;
    },
    [],
  );

  const toggle = () => {
    const element = audio.current;
    if (!element) return;
    if (element.paused) {
      if (playing && playing !== element) playing.pause();
      playing = element;
      element.play().catch(() => setPlaying(false));
    } else {
      element.pause();
    }
  };

  const seekTo = (ms: number) => {
    const element = audio.current;
    if (!element || totalMs <= 0) return;
    const to = Math.max(0, Math.min(totalMs, ms));
    element.currentTime = to / 1000;
    setPositionMs(to);
  };

  const onBarClick = (event: MouseEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width > 0) seekTo(((event.clientX - box.left) / box.width) * totalMs);
  };

  const onBarKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowLeft: positionMs - STEP_MS,
      ArrowDown: positionMs - STEP_MS,
      ArrowRight: positionMs + STEP_MS,
      ArrowUp: positionMs + STEP_MS,
      Home: 0,
      End: totalMs,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    seekTo(to);
  };

  const shownMs = Math.min(positionMs, totalMs || positionMs);
  const fraction = totalMs > 0 ? Math.min(1, shownMs / totalMs) : 0;
  const elapsed = formatDuration(shownMs);
  const total = formatDuration(totalMs);
  const track = mine ? 'bg-sky-900' : 'bg-subtle-strong';
  const fill = mine ? 'bg-white' : 'bg-sky-700';

  return (
    <div data-testid="voice-message" className="mt-1 w-64 max-w-full not-italic">
      <div className="flex items-center gap-2">
        <button
          type="button"
          onClick={toggle}
          disabled={failed}
          aria-label={isPlaying ? t('message.pause') : t('message.play')}
          title={isPlaying ? t('message.pause') : t('message.play')}
          data-testid="voice-play"
          className={`flex h-9 w-9 shrink-0 items-center justify-center rounded-full ${
            mine ? 'bg-white text-sky-800' : 'bg-sky-700 text-white'
          } disabled:opacity-50`}
        >
          <Icon name={isPlaying ? 'pause' : 'play'} className="h-4 w-4" />
        </button>
        {/* The whole strip takes the click; the bar in it is what shows. */}
        <div
          role="slider"
          tabIndex={0}
          aria-label={t('message.position')}
          aria-valuemin={0}
          aria-valuemax={Math.floor(totalMs / 1000)}
          aria-valuenow={Math.floor(shownMs / 1000)}
          aria-valuetext={t('message.timeOf', { elapsed, total })}
          data-testid="voice-progress"
          data-position-ms={Math.round(shownMs)}
          onClick={onBarClick}
          onKeyDown={onBarKey}
          className="flex h-6 min-w-0 flex-1 cursor-pointer items-center"
        >
          <div className={`h-1.5 w-full overflow-hidden rounded-full ${track}`}>
            <div
              className={`h-full rounded-full ${fill}`}
              style={{ width: `${(fraction * 100).toFixed(2)}%` }}
            />
          </div>
        </div>
        <span
          data-testid="voice-time"
          className={`shrink-0 text-xs tabular-nums ${mine ? 'text-sky-100' : 'text-muted'}`}
        >
          {elapsed} / {total}
        </span>
      </div>
      {failed && (
        <p className={`mt-1 text-xs ${mine ? 'text-sky-100' : 'text-muted'}`}>
          {t('message.cannotPlay')}{' '}
          <a href={file.url} download={file.name} className="underline">
            {t('message.downloadInstead')}
          </a>
        </p>
      )}
      <audio
        ref={audio}
        src={file.url}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onTimeUpdate={(e) => setPositionMs(e.currentTarget.currentTime * 1000)}
        onLoadedMetadata={(e) => {
          const seconds = e.currentTarget.duration;
          if (Number.isFinite(seconds)) setReadMs(seconds * 1000);
        }}
        onEnded={(e) => {
          setPlaying(false);
          e.currentTarget.currentTime = 0;
          setPositionMs(0);
        }}
        onError={() => {
          setPlaying(false);
          setFailed(true);
        }}
      />
    </div>
  );
}
