import {
  attachmentKindOf,
  extensionOf,
  fileKindOf,
  formatDuration,
  formatFileSize,
  MAX_ATTACHMENTS,
  MAX_FILE_BYTES,
  refusalOf,
  sortAttachments,
} from './attachments';

const MB = 1024 * 1024;

describe('file sizes as people read them', () => {
  it('counts in 1024s, with one decimal below 100 of a unit', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(512)).toBe('512 B');
    expect(formatFileSize(1023)).toBe('1,023 B');
    expect(formatFileSize(1024)).toBe('1 KB');
    expect(formatFileSize(1536)).toBe('1.5 KB');
    expect(formatFileSize(20 * 1024 + 300)).toBe('20.3 KB');
    expect(formatFileSize(300 * 1024 + 300)).toBe('300 KB');
    expect(formatFileSize(2.44 * MB)).toBe('2.4 MB');
    expect(formatFileSize(MAX_FILE_BYTES)).toBe('25 MB');
    expect(formatFileSize(MAX_FILE_BYTES + 300 * 1024)).toBe('25.3 MB');
    expect(formatFileSize(1.5 * 1024 * MB)).toBe('1.5 GB');
  });

  it('moves up a unit rather than show 1024 of one', () => {
    expect(formatFileSize(MB - 1)).toBe('1 MB');
    expect(formatFileSize(1024 * MB - 1)).toBe('1 GB');
  });

  it('writes numbers the way the language shown does', () => {
    expect(formatFileSize(2.44 * MB, 'de')).toBe('2,4 MB');
    expect(formatFileSize(1536, 'de')).toBe('1,5 KB');
  });
});

describe('durations as a player shows them', () => {
  it('gives minutes and seconds, hours only past one', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_900)).toBe('0:07');
    expect(formatDuration(299_999)).toBe('4:59');
    expect(formatDuration(300_000)).toBe('5:00');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('shows nothing strange for a length the browser does not know', () => {
    expect(formatDuration(Infinity)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('what an attached file is sent as', () => {
  it('sends the pictures the server shows inline as images, anything else as a file', () => {
    expect(attachmentKindOf({ type: 'image/png' })).toBe('image');
    expect(attachmentKindOf({ type: 'image/jpeg' })).toBe('image');
    expect(attachmentKindOf({ type: 'image/svg+xml' })).toBe('file');
    expect(attachmentKindOf({ type: 'image/heic' })).toBe('file');
    expect(attachmentKindOf({ type: 'application/pdf' })).toBe('file');
    expect(attachmentKindOf({ type: '' })).toBe('file');
  });

  it('refuses an empty file and one over the limit before any upload', () => {
    expect(refusalOf({ size: 0 })).toBe('empty');
    expect(refusalOf({ size: 1 })).toBeNull();
    expect(refusalOf({ size: MAX_FILE_BYTES })).toBeNull();
    expect(refusalOf({ size: MAX_FILE_BYTES + 1 })).toBe('tooLarge');
  });

  it('sorts what was dropped into attached, refused (and why) and left out past the most at once', () => {
    const file = (name: string, size: number) => ({ name, size });
    const sorted = sortAttachments(
      [file('a', 10), file('huge', MAX_FILE_BYTES + 1), file('b', 20), file('empty', 0)],
      0,
    );
    expect(sorted.accepted.map((f) => f.name)).toEqual(['a', 'b']);
    expect(sorted.refused.map((r) => [r.file.name, r.reason])).toEqual([
      ['huge', 'tooLarge'],
      ['empty', 'empty'],
    ]);
    expect(sorted.overflow).toBe(0);

    const many = Array.from({ length: 5 }, (_, i) => file(`f${i}`, 1));
    const full = sortAttachments(many, MAX_ATTACHMENTS - 2);
    expect(full.accepted.map((f) => f.name)).toEqual(['f0', 'f1']);
    expect(full.overflow).toBe(3);
  });
});

describe('the icon and type a file card shows', () => {
  it('reads the extension only when there is one', () => {
    expect(extensionOf('report.final.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('README')).toBeNull();
    expect(extensionOf('.bashrc')).toBeNull();
    expect(extensionOf('notes.')).toBeNull();
    expect(extensionOf('photo.jpeg-large-version')).toBeNull();
  });

  it('goes by the type the server read in the bytes', () => {
    expect(fileKindOf({ name: 'report.pdf', mimeType: 'application/pdf' })).toEqual({
      icon: 'pdf',
      label: 'PDF',
    });
    expect(fileKindOf({ name: 'backup.zip', mimeType: 'application/zip' })).toEqual({
      icon: 'archive',
      label: 'ZIP',
    });
    expect(fileKindOf({ name: 'song.mp3', mimeType: 'audio/mpeg' }).icon).toBe('audio');
    expect(fileKindOf({ name: 'clip', mimeType: 'video/mp4' })).toEqual({
      icon: 'video',
      label: 'MP4',
    });
    expect(fileKindOf({ name: 'logo.svg', mimeType: 'image/svg+xml' }).icon).toBe('image');
    expect(fileKindOf({ name: 'page.html', mimeType: 'text/html' }).label).toBe('HTML');
  });

  it('lets the name refine what the bytes say: an Office file is a ZIP, a CSV is text', () => {
    expect(fileKindOf({ name: 'Letter.DOCX', mimeType: 'application/zip' })).toEqual({
      icon: 'document',
      label: 'DOCX',
    });
    expect(fileKindOf({ name: 'budget.xlsx', mimeType: 'application/zip' }).icon).toBe(
      'spreadsheet',
    );
    expect(fileKindOf({ name: 'talk.pptx', mimeType: 'application/zip' }).icon).toBe('slides');
    expect(fileKindOf({ name: 'scores.csv', mimeType: 'text/plain' })).toEqual({
      icon: 'spreadsheet',
      label: 'CSV',
    });
    expect(fileKindOf({ name: 'notes.md', mimeType: 'text/plain' })).toEqual({
      icon: 'text',
      label: 'MD',
    });
    expect(fileKindOf({ name: 'notes', mimeType: 'text/plain' }).label).toBe('TXT');
  });

  it('never believes a name the bytes do not back: an unknown file is just a file', () => {
    expect(fileKindOf({ name: 'invoice.pdf', mimeType: 'application/octet-stream' })).toEqual({
      icon: 'file',
      label: null,
    });
    expect(fileKindOf({ name: 'setup.docx', mimeType: 'application/pdf' }).label).toBe('PDF');
    expect(fileKindOf({ name: 'old.doc', mimeType: 'application/octet-stream' }).icon).toBe('file');
  });

  it('knows audio, video and pictures of types it has no name for, and ignores parameters', () => {
    expect(fileKindOf({ name: 'x', mimeType: 'audio/aac' })).toEqual({
      icon: 'audio',
      label: null,
    });
    expect(fileKindOf({ name: 'x', mimeType: 'video/ogg' }).icon).toBe('video');
    expect(fileKindOf({ name: 'x', mimeType: 'image/avif' }).icon).toBe('image');
    expect(fileKindOf({ name: 'voice.webm', mimeType: 'audio/webm;codecs=opus' }).label).toBe(
      'WEBM',
    );
  });
});
