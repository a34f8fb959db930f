import { decodeHtml, readPageMetadata } from './page-metadata';

const PAGE = 'https://news.example/articles/1';

describe('readPageMetadata', () => {
  it('prefers og: tags, then twitter:, then the title and description', () => {
    const html = `<!doctype html><html><head>
      <title>Plain title</title>
      <meta name="description" content="Plain description">
      <meta name="twitter:title" content="Twitter title">
      <meta property="og:title" content="OG title">
      <meta property="og:site_name" content="News">
      <meta property="og:image" content="/img/cover.jpg">
      </head><body><meta property="og:description" content="too late"></body>`;
    expect(readPageMetadata(html, PAGE)).toEqual({
      title: 'OG title',
      description: 'Plain description',
      siteName: 'News',
      imageUrl: 'https://news.example/img/cover.jpg',
    });
  });

  it('falls back to twitter: tags and the <title>', () => {
    const html = `<head><TITLE lang=en>  Only
      a   title </TITLE><meta name=twitter:description content='Tweet text'>
      <meta name="twitter:image:src" content="https://cdn.example/t.png"></head>`;
    expect(readPageMetadata(html, PAGE)).toEqual({
      title: 'Only a title',
      description: 'Tweet text',
      siteName: null,
      imageUrl: 'https://cdn.example/t.png',
    });
  });

  it('decodes entities and removes control and direction characters', () => {
    const html =
      '<title>Tom &amp; Jerry&#39;s &#x2014; &quot;best&quot; &hellip;&#0;&nosuch;</title>' +
      '<meta property="og:description" content="a\u202eb\u0007c">';
    expect(readPageMetadata(html, PAGE)).toMatchObject({
      title: 'Tom & Jerry\'s — "best" …\ufffd&nosuch;',
      description: 'a b c',
    });
  });

  it('cuts the title to 200 and the description to 300 characters, by code points', () => {
    const html = `<meta property="og:title" content="${'🙂'.repeat(250)}">
      <meta property="og:description" content="${'d'.repeat(400)}">`;
    const { title, description } = readPageMetadata(html, PAGE);
    expect(Array.from(title ?? '')).toHaveLength(200);
    expect(title?.endsWith('…')).toBe(true);
    expect(description).toHaveLength(300);
  });

  it('skips comments and scripts, and stops at the body', () => {
    const html = `<head><!-- <meta property="og:title" content="commented"> -->
      <script>document.write('<meta property="og:title" content="scripted">')</script>
      <meta property="og:title" content="real"></head>
      <body><meta property="og:image" content="https://x.example/late.png">`;
    expect(readPageMetadata(html, PAGE)).toMatchObject({ title: 'real', imageUrl: null });
  });

  it('keeps only http(s) pictures', () => {
    for (const image of [
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      'file:///etc/passwd',
    ]) {
      const html = `<meta property="og:title" content="t"><meta property="og:image" content="${image}">`;
      expect(readPageMetadata(html, PAGE).imageUrl).toBeNull();
    }
  });

  it('finds nothing in what is not a page, and stays fast on hostile markup', () => {
    expect(readPageMetadata('just text', PAGE)).toEqual({
      title: null,
      description: null,
      siteName: null,
      imageUrl: null,
    });
    const hostile = [
      '<meta content="'.repeat(40_000),
      '<!--'.repeat(100_000),
      '<a '.repeat(150_000),
      `<title>${'<'.repeat(400_000)}`,
      `<script>${'</scrip'.repeat(60_000)}`,
    ];
    for (const html of hostile) {
      const started = Date.now();
      readPageMetadata(html, PAGE);
      expect(Date.now() - started).toBeLessThan(500);
    }
  });
});

describe('decodeHtml', () => {
  it('reads the charset of the header, else of a meta tag, else UTF-8', () => {
    const latin1 = Buffer.from('<title>caf\xe9</title>', 'latin1');
    expect(decodeHtml(latin1, 'text/html; charset=ISO-8859-1')).toBe('<title>café</title>');
    const meta = Buffer.concat([Buffer.from('<meta charset="windows-1252">'), latin1]);
    expect(decodeHtml(meta, 'text/html')).toContain('café');
    expect(decodeHtml(Buffer.from('<title>café</title>'), undefined)).toBe('<title>café</title>');
    expect(decodeHtml(Buffer.from('x'), 'text/html; charset=nonsense')).toBe('x');
  });
});
