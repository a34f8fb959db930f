import { parseRange } from './byte-range';
import { attachmentDisposition, safeFileName } from './file-name';
import { detectFileType, servedType, voiceType } from './file-signature';

const bytes = (...values: number[]) => Buffer.from(values);

describe('Files are judged by their bytes', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.4\n'), 'application/pdf'],
    ['a ZIP (and so a .docx)', bytes(0x50, 0x4b, 0x03, 0x04, 0x14), 'application/zip'],
    ['gzip', bytes(0x1f, 0x8b, 0x08), 'application/gzip'],
    ['Ogg', Buffer.from('OggS\0\x02'), 'audio/ogg'],
    ['WAV', Buffer.from('RIFF\x24\0\0\0WAVEfmt '), 'audio/wav'],
    ['WebM', bytes(0x1a, 0x45, 0xdf, 0xa3, 0x9f), 'video/webm'],
    ['MP4', Buffer.from('\0\0\0\x18ftypmp42'), 'video/mp4'],
    ['M4A', Buffer.from('\0\0\0\x18ftypM4A '), 'audio/mp4'],
    ['MP3 with ID3', Buffer.from('ID3\x04\0'), 'audio/mpeg'],
    ['a PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    ['an HTML page', Buffer.from('\uFEFF  <!doctype HTML><p>hi'), 'text/html'],
    ['an HTML fragment', Buffer.from('<script>alert(1)</script>'), 'text/html'],
    ['an SVG after a comment', Buffer.from('<!-- x --><svg xmlns="…">'), 'image/svg+xml'],
    [
      'an SVG after an XML declaration',
      Buffer.from('<?xml version="1.0"?>\n<svg>'),
      'image/svg+xml',
    ],
    ['XML', Buffer.from('<?xml version="1.0"?><rss/>'), 'application/xml'],
    ['UTF-8 text', Buffer.from('Grüße 👋'), 'text/plain'],
    ['text cut inside a character', Buffer.from('ab👋').subarray(0, 4), 'text/plain'],
    ['binary', bytes(0, 1, 2, 3), 'application/octet-stream'],
    ['bytes that are not UTF-8', bytes(0xc3, 0x28, 0x41), 'application/octet-stream'],
  ])('%s', (_what, head, type) => {
    expect(detectFileType(head)).toBe(type);
  });

  it('serves markup as application/octet-stream, text with its charset, the rest as it is', () => {
    expect(servedType('text/html')).toBe('application/octet-stream');
    expect(servedType('image/svg+xml')).toBe('application/octet-stream');
    expect(servedType('application/xml')).toBe('application/octet-stream');
    expect(servedType('text/plain')).toBe('text/plain; charset=utf-8');
    expect(servedType('application/pdf')).toBe('application/pdf');
  });

  it('takes the audio containers browsers record as voice, and nothing else', () => {
    expect(voiceType('video/webm')).toBe('audio/webm');
    expect(voiceType('audio/ogg')).toBe('audio/ogg');
    expect(voiceType('video/mp4')).toBe('audio/mp4');
    expect(voiceType('application/pdf')).toBeNull();
    expect(voiceType('text/html')).toBeNull();
  });
});

describe('File names', () => {
  it('keep the last path segment without control or reordering characters', () => {
    expect(safeFileName('C:\\Users\\ada\\report.pdf', 'file')).toBe('report.pdf');
    expect(safeFileName('../../etc/passwd', 'file')).toBe('passwd');
    expect(safeFileName('invoice\u202Efdp.exe', 'file')).toBe('invoicefdp.exe');
    expect(safeFileName('a\r\nb\u0000.txt', 'file')).toBe('ab.txt');
    expect(safeFileName('  ...  ', 'file')).toBe('file');
    expect(safeFileName(undefined, 'voice-message')).toBe('voice-message');
  });

  it('are cut to 200 characters with the extension kept', () => {
    const name = safeFileName(`${'é'.repeat(300)}.tar.gz`, 'file');
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('.gz')).toBe(true);
  });

  it('go into Content-Disposition twice: an ASCII fallback and the exact UTF-8 name', () => {
    expect(attachmentDisposition('Grüße "2026" (final).pdf')).toBe(
      'attachment; filename="Gr__e _2026_ (final).pdf"; filename*=UTF-8\'\'Gr%C3%BC%C3%9Fe%20%222026%22%20%28final%29.pdf',
    );
  });
});

describe('Byte ranges', () => {
  it.each([
    ['none', undefined, null],
    ['a closed range', 'bytes=0-99', { start: 0, end: 99 }],
    ['an open end', 'bytes=900-', { start: 900, end: 999 }],
    ['an end past the size, clamped', 'bytes=990-5000', { start: 990, end: 999 }],
    ['a suffix', 'bytes=-100', { start: 900, end: 999 }],
    ['a suffix longer than the file', 'bytes=-5000', { start: 0, end: 999 }],
    ['a start past the end', 'bytes=1000-', 'unsatisfiable'],
    ['an empty suffix', 'bytes=-0', 'unsatisfiable'],
    ['several ranges (answered whole)', 'bytes=0-1,5-6', null],
    ['another unit', 'items=0-1', null],
    ['an end before the start (ignored)', 'bytes=50-10', null],
    ['garbage', 'bytes=abc', null],
  ])('%s', (_what, header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});
