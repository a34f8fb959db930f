/** One attempt to point the preview fetcher somewhere it must not go: what, the link, the log. */
export type SsrfCase = [what: string, link: string, logged: RegExp];

const enc = encodeURIComponent;
const PRIVATE = /refused.*private_address/;

/**
 * Links that must get no preview and reach nothing: private addresses in every spelling, other
 * ports, credentials, names the scripted resolver points inside (LINK_PREVIEW_TEST_HOSTS), and
 * redirects from the test pages (`origin`) to all of these. `strangerPort` is a local port that
 * is no test origin.
 */
export function ssrfCases(origin: string, strangerPort: number): SsrfCase[] {
  const port = new URL(origin).port;
  const redirect = (to: string, n: number) => `${origin}/to/${enc(to)}/r${n}`;
  return [
    ['loopback', 'http://127.0.0.1/n1', PRIVATE],
    ['decimal loopback', 'http://2130706433/n2', PRIVATE],
    ['hex loopback', 'http://0x7f.1/n3', PRIVATE],
    ['octal loopback', 'http://0177.0.0.1/n4', PRIVATE],
    ['short loopback', 'http://127.1/n5', PRIVATE],
    ['full-width digits', 'http://１２７.０.０.１/n6', PRIVATE],
    ['this network', 'http://0.0.0.0/n7', PRIVATE],
    ['metadata service', 'http://169.254.169.254/latest/meta-data/', PRIVATE],
    ['private 10/8 over https', 'https://10.0.0.1/n9', PRIVATE],
    ['IPv6 loopback', 'http://[::1]/n10', PRIVATE],
    ['IPv6 unspecified', 'http://[::]/n11', PRIVATE],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/n12', PRIVATE],
    ['IPv4-mapped, long form', 'http://[0:0:0:0:0:ffff:7f00:1]/n13', PRIVATE],
    ['IPv4-mapped metadata', 'http://[::ffff:a9fe:a9fe]/n14', PRIVATE],
    ['NAT64 loopback', 'http://[64:ff9b::7f00:1]/n15', PRIVATE],
    ['IPv6 metadata service', 'http://[fd00:ec2::254]/n16', PRIVATE],
    ['port 8080', 'http://example.test:8080/n17', /refused.*bad_port/],
    ['port 8443', 'https://example.test:8443/n18', /refused.*bad_port/],
    ['port 22', 'http://example.test:22/n19', /refused.*bad_port/],
    ['the test pages by another name', `http://localhost:${port}/page/n20`, /refused.*bad_port/],
    ['another local port', `http://127.0.0.1:${strangerPort}/n21`, PRIVATE],
    ['user and password', 'http://user:secret@example.test/n22', /refused.*credentials_in_url/],
    ['a user like a host', 'http://example.test@127.0.0.1/n23', /refused.*credentials_in_url/],
    ['a user on the test pages', `http://user@127.0.0.1:${port}/page/n24`, /refused.*credentials/],
    ['a name for 10.0.0.1', 'http://private.test/n25', /refused.*private_address.*10\.0\.0\.1/],
    ['a name for the metadata service', 'http://metadata.test/n26', PRIVATE],
    ['a name for IPv6 unique local', 'http://ula.test/n27', /refused.*private_address.*fd00::1/],
    ['a name for IPv4-mapped loopback', 'http://mapped.test/n28', PRIVATE],
    ['a name, public and private', 'http://mixed.test/n29', /refused.*private.*10\.0\.0\.1/],
    ['an international name for loopback', 'http://bücher.test/n30', PRIVATE],
    ['redirect to loopback', redirect('http://127.0.0.1/', 1), PRIVATE],
    ['redirect to metadata', redirect('http://169.254.169.254/latest/meta-data/', 2), PRIVATE],
    ['redirect to IPv4-mapped', redirect('http://[::ffff:127.0.0.1]/', 3), PRIVATE],
    ['redirect to a local port', redirect(`http://127.0.0.1:${strangerPort}/`, 4), PRIVATE],
    ['redirect to a private name', redirect('http://private.test/', 5), PRIVATE],
    ['redirect to a file', redirect('file:///etc/passwd', 6), /refused.*bad_scheme/],
    ['redirect with credentials', redirect('http://a:b@example.test/', 7), /refused.*credentials/],
    ['a fourth redirect', `${origin}/hops/4/r8`, /failed.*status 302/],
  ];
}
