import { addFamilies } from './health-services-metrics';

const exposition = (value: number) =>
  [
    '# HELP http_requests_total Requests',
    '# TYPE http_requests_total counter',
    `http_requests_total{route="/a"} ${value}`,
    `http_requests_total ${value}`,
    '# HELP up_seconds Uptime',
    '# TYPE up_seconds gauge',
    `up_seconds{} ${value}`,
    '',
  ].join('\n');

describe("merging the instances' metrics", () => {
  it('labels every sample by instance and keeps one HELP and TYPE per metric', () => {
    const families = new Map();
    addFamilies(families, exposition(1), 'service="users",replica="1"');
    addFamilies(families, exposition(2), 'service="chat",replica="2"');
    expect(Object.fromEntries(families)).toEqual({
      http_requests_total: {
        help: 'Requests',
        type: 'counter',
        samples: [
          'http_requests_total{service="users",replica="1",route="/a"} 1',
          'http_requests_total{service="users",replica="1"} 1',
          'http_requests_total{service="chat",replica="2",route="/a"} 2',
          'http_requests_total{service="chat",replica="2"} 2',
        ],
      },
      up_seconds: {
        help: 'Uptime',
        type: 'gauge',
        samples: [
          'up_seconds{service="users",replica="1"} 1',
          'up_seconds{service="chat",replica="2"} 2',
        ],
      },
    });
  });
});
