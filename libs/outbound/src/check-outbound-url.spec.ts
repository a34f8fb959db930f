import { checkOutboundUrl } from './check-outbound-url';
import type { OutboundPolicy } from './outbound-policy';
import { OutboundRefused, type OutboundRefusal } from './outbound-refused';

const open: OutboundPolicy = { testOrigins: [] };

function refusal(url: string, policy: OutboundPolicy = open): OutboundRefusal | 'allowed' {
  try {
    checkOutboundUrl(url, policy);
    return 'allowed';
  } catch (error) {
    if (error instanceof OutboundRefused) return error.reason;
    throw error;
  }
}

describe('checkOutboundUrl', () => {
  it('relies on the URL parser turning every numeric spelling into the canonical address', () => {
    expect(new URL('https://2130706433/').hostname).toBe('127.0.0.1');
    expect(new URL('https://0x7f.0.0.1/').hostname).toBe('127.0.0.1');
    expect(new URL('https://0177.0.0.1/').hostname).toBe('127.0.0.1');
    expect(new URL('https://127.1/').hostname).toBe('127.0.0.1');
    expect(new URL('https://%31%32%37.0.0.1/').hostname).toBe('127.0.0.1');
    expect(new URL('https://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
  });

  it.each([
    'https://127.0.0.1/',
    'https://2130706433/',
    'https://0x7f.0.0.1/',
    'https://0x7f000001/',
    'https://0177.0.0.1/',
    'https://127.1/',
    'https://%31%32%37.0.0.1/',
    'https://[::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[0:0:0:0:0:ffff:7f00:1]/',
    'https://[64:ff9b::7f00:1]/',
    'https://[2002:7f00:1::]/',
    'https://[fd00:ec2::254]/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://10.0.0.1/',
    'https://192.168.0.1/',
    'https://172.16.0.1/',
    'https://0.0.0.0/',
    'https://[fe80::1]/',
    'https://[::]/',
  ])('refuses %s as a private address', (url) => {
    expect(refusal(url)).toBe('private_address');
  });

  it('allows a public IP literal and a public host name', () => {
    expect(refusal('https://8.8.8.8/')).toBe('allowed');
    expect(refusal('https://[2606:4700:4700::1111]/')).toBe('allowed');
    expect(refusal('https://fcm.googleapis.com/fcm/send/abc')).toBe('allowed');
  });

  it('refuses what is not https', () => {
    expect(refusal('http://fcm.googleapis.com/fcm/send/abc')).toBe('not_https');
    expect(refusal('ftp://fcm.googleapis.com/')).toBe('not_https');
    expect(refusal('file:///etc/passwd')).toBe('not_https');
    expect(refusal('data:text/plain,hi')).toBe('not_https');
  });

  it('refuses credentials in the URL', () => {
    expect(refusal('https://user:secret@fcm.googleapis.com/')).toBe('credentials_in_url');
    expect(refusal('https://user@fcm.googleapis.com/')).toBe('credentials_in_url');
  });

  it('refuses what is not a URL, and zone ids, which URLs cannot carry', () => {
    expect(refusal('fcm.googleapis.com/x')).toBe('bad_url');
    expect(refusal('')).toBe('bad_url');
    expect(refusal('https://[fe80::1%25eth0]/')).toBe('bad_url');
  });

  it('allows only port 443 unless the policy lists others', () => {
    expect(refusal('https://fcm.googleapis.com:443/')).toBe('allowed');
    expect(refusal('https://fcm.googleapis.com:8443/')).toBe('bad_port');
    expect(refusal('https://fcm.googleapis.com:8443/', { ...open, allowPorts: [443, 8443] })).toBe(
      'allowed',
    );
  });

  describe('with http allowed too (link previews)', () => {
    const web: OutboundPolicy = {
      protocols: ['http:', 'https:'],
      allowPorts: [80, 443],
      testOrigins: [],
    };

    it('allows http and https on their default ports, and names other schemes', () => {
      expect(refusal('http://example.com/a', web)).toBe('allowed');
      expect(refusal('https://example.com/a', web)).toBe('allowed');
      expect(refusal('http://example.com:80/a', web)).toBe('allowed');
      expect(refusal('ftp://example.com/', web)).toBe('bad_scheme');
      expect(refusal('file:///etc/passwd', web)).toBe('bad_scheme');
      expect(refusal('javascript:alert(1)', web)).toBe('bad_scheme');
    });

    it('refuses other ports, and every private spelling over http as over https', () => {
      expect(refusal('http://example.com:8080/', web)).toBe('bad_port');
      expect(refusal('http://example.com:22/', web)).toBe('bad_port');
      expect(refusal('http://2130706433/', web)).toBe('private_address');
      expect(refusal('http://0x7f.1/', web)).toBe('private_address');
      expect(refusal('http://[::ffff:127.0.0.1]/', web)).toBe('private_address');
      expect(refusal('http://169.254.169.254/', web)).toBe('private_address');
      expect(refusal('http://user:pw@example.com/', web)).toBe('credentials_in_url');
    });
  });

  describe('with an allow list', () => {
    const policy: OutboundPolicy = {
      allowHosts: ['fcm.googleapis.com', '*.push.apple.com', '*.notify.windows.com'],
      testOrigins: [],
    };

    it('allows exact names and names under a *. pattern, in any case, with a trailing dot', () => {
      expect(refusal('https://fcm.googleapis.com/fcm/send/x', policy)).toBe('allowed');
      expect(refusal('https://FCM.googleapis.com./fcm/send/x', policy)).toBe('allowed');
      expect(refusal('https://web.push.apple.com/x', policy)).toBe('allowed');
      expect(refusal('https://a.b.notify.windows.com/x', policy)).toBe('allowed');
    });

    it('refuses every other host', () => {
      expect(refusal('https://push.apple.com/x', policy)).toBe('host_not_allowed');
      expect(refusal('https://evil.com/x', policy)).toBe('host_not_allowed');
      expect(refusal('https://fcm.googleapis.com.evil.com/x', policy)).toBe('host_not_allowed');
      expect(refusal('https://evilpush.apple.com/x', policy)).toBe('host_not_allowed');
      expect(refusal('https://x.fcm.googleapis.com/x', policy)).toBe('host_not_allowed');
      expect(refusal('https://8.8.8.8/', policy)).toBe('host_not_allowed');
    });
  });

  describe('test origins', () => {
    const policy: OutboundPolicy = {
      allowHosts: ['fcm.googleapis.com'],
      testOrigins: ['http://127.0.0.1:45123'],
    };

    it('allows exactly the listed origin, over http and on loopback', () => {
      expect(refusal('http://127.0.0.1:45123/push/abc', policy)).toBe('allowed');
    });

    it('allows nothing else on that address', () => {
      expect(refusal('http://127.0.0.1:45124/push/abc', policy)).toBe('not_https');
      expect(refusal('https://127.0.0.1:45123/push/abc', policy)).toBe('private_address');
      expect(refusal('http://localhost:45123/push/abc', policy)).toBe('not_https');
      expect(refusal('http://2130706433:45124/', policy)).toBe('not_https');
    });

    it('still refuses credentials', () => {
      expect(refusal('http://a:b@127.0.0.1:45123/push/abc', policy)).toBe('credentials_in_url');
    });
  });
});
