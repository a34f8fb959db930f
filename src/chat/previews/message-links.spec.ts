import { linksOf } from './message-links';

describe('linksOf', () => {
  it('finds the first three distinct http(s) links, in order', () => {
    const text =
      'see https://a.example/x, http://b.example and https://a.example/x again; https://c.example/ https://d.example/';
    expect(linksOf(text)).toEqual([
      'https://a.example/x',
      'http://b.example/',
      'https://c.example/',
    ]);
  });

  it('leaves sentence punctuation out, but keeps a parenthesis the link opened', () => {
    expect(linksOf('(see https://a.example/page).')).toEqual(['https://a.example/page']);
    expect(linksOf('https://en.wikipedia.org/wiki/Go_(game), nice')).toEqual([
      'https://en.wikipedia.org/wiki/Go_(game)',
    ]);
    expect(linksOf('“https://a.example/q?x=1!”')).toEqual(['https://a.example/q?x=1']);
  });

  it('reads a link as the URL parser does: international names, fragments dropped', () => {
    expect(linksOf('http://bücher.example/#top')).toEqual(['http://xn--bcher-kva.example/']);
    expect(linksOf('HTTPS://A.Example/Path')).toEqual(['https://a.example/Path']);
  });

  it('ignores other schemes, bare names and what is not a URL', () => {
    expect(linksOf('ftp://a.example javascript:alert(1) www.example.com http:// https://')).toEqual(
      [],
    );
    expect(linksOf(null)).toEqual([]);
    expect(linksOf(`https://a.example/${'x'.repeat(3000)}`)).toEqual([]);
  });

  it('keeps what the fetcher refuses (credentials, ports, private hosts): refusing is its job', () => {
    expect(linksOf('http://user:pw@a.example/ http://a.example:8080/ http://127.0.0.1/')).toEqual([
      'http://user:pw@a.example/',
      'http://a.example:8080/',
      'http://127.0.0.1/',
    ]);
  });
});
