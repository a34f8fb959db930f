import type { SplitServiceInstance } from '@app/config';
import { fetchWithin } from './health-services-fetch';

interface Family {
  help?: string;
  type?: string;
  samples: string[];
}

const UP = 'split_service_up';

/**
 * Every instance's `/metrics` as one Prometheus text: each sample gains `service` and `replica`
 * (its place among that service's instances, from 1) so instances stay apart, and samples of one
 * metric from every instance sit under one HELP and TYPE, as the format requires (pasting the
 * texts one after the other would repeat them). `split_service_up` says which instances answered.
 */
export async function servicesMetrics(instances: SplitServiceInstance[]): Promise<string> {
  const families = new Map<string, Family>();
  const up: Family = {
    help: `${UP} 1 if the instance answered this scrape`,
    type: 'gauge',
    samples: [],
  };
  families.set(UP, up);
  const counts = new Map<string, number>();
  const labelled = instances.map((instance) => {
    const replica = (counts.get(instance.service) ?? 0) + 1;
    counts.set(instance.service, replica);
    return { instance, labels: `service="${instance.service}",replica="${replica}"` };
  });
  const texts = await Promise.all(
    labelled.map(({ instance }) =>
      fetchWithin(`${instance.url}/metrics`)
        .then((res) => (res.ok ? res.text() : undefined))
        .catch(() => undefined),
    ),
  );
  labelled.forEach(({ labels }, i) => {
    const text = texts[i];
    up.samples.push(`${UP}{${labels}} ${text === undefined ? 0 : 1}`);
    if (text !== undefined) addFamilies(families, text, labels);
  });
  return [...families.entries()]
    .flatMap(([name, family]) => [
      ...(family.help !== undefined ? [`# HELP ${name} ${family.help}`] : []),
      ...(family.type !== undefined ? [`# TYPE ${name} ${family.type}`] : []),
      ...family.samples,
    ])
    .join('\n')
    .concat('\n');
}

/** Reads one exposition, each sample under the metric its last HELP or TYPE line named. */
export function addFamilies(families: Map<string, Family>, text: string, labels: string): void {
  let current: Family | undefined;
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    const header = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (header) {
      current = family(header[2]);
      if (header[1] === 'HELP') current.help ??= header[3];
      else current.type ??= header[3];
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{\}?)?(.*)$/.exec(line);
    if (!sample || line.startsWith('#')) continue;
    const [, name, brace, rest] = sample;
    // `name{}` or `name` alone gets the labels as its only ones; `name{a="b"}` gets them first.
    const withLabels = brace === '{' ? `${name}{${labels},${rest}` : `${name}{${labels}}${rest}`;
    (current ?? family(name)).samples.push(withLabels);
  }
}
