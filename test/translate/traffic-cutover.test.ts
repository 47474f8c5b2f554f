import { Ingress } from '../../lib/translate/kube';
import {
  CUTOVER_ANNOTATIONS,
  SET_IDENTIFIERS,
  cutoverRoutes,
  hostsByZone,
  normalizeCutoverZone,
} from '../../lib/translate/traffic-cutover';
import { translateOptionProblems } from '../../lib/workload/option-problems';
import { app, translate } from './helpers';

const lb = (id: string, labels: Record<string, string>, ports: object[] = [{ port: 8080, name: 'http' }]) =>
  app({ id, labels: { HAPROXY_GROUP: 'external', ...labels }, portDefinitions: ports });

const annotationsOf = (ingress: Ingress) => ingress.metadata?.annotations ?? {};

describe('weighted cut-over of marathon-lb routes (option trafficCutover)', () => {
  test('an Ingress with a host in the zone carries the set identifier eks and the weight; the VHOST note says how the route is split', () => {
    const result = translate(lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.com' }), {
      trafficCutover: { zone: 'example.com', weight: 10 },
    });
    const annotations = annotationsOf(result.one<Ingress>('Ingress'));
    expect(annotations[CUTOVER_ANNOTATIONS.setIdentifier]).toBe('eks');
    expect(annotations[CUTOVER_ANNOTATIONS.weight]).toBe('10');
    const vhost = result.field('labels.HAPROXY_0_VHOST');
    expect(vhost.status).toBe('translated');
    expect(vhost.note).toBe(
      'Ingress rules for shop.example.com → port 8080; weighted DNS cut-over in example.com: 10 % of the queries for shop.example.com answered with the ALB (Route 53 set identifier eks, written by ExternalDNS), 90 % with marathon-lb (set identifier marathon-lb)',
    );
    // One report line per input field, the cut-over included.
    expect(result.fields().filter((f) => f.path === 'labels.HAPROXY_0_VHOST')).toHaveLength(1);
  });

  test('hosts outside the zone stay in the Ingress, and their note says to move their DNS by hand', () => {
    const result = translate(
      lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.com,shop.example.org,www.example.org' }),
      {
        trafficCutover: { zone: 'example.com', weight: 50 },
      },
    );
    const ingress = result.one<Ingress>('Ingress');
    expect(ingress.spec?.rules?.map((rule) => rule.host)).toEqual([
      'shop.example.com',
      'shop.example.org',
      'www.example.org',
    ]);
    expect(annotationsOf(ingress)[CUTOVER_ANNOTATIONS.weight]).toBe('50');
    expect(result.field('labels.HAPROXY_0_VHOST').note).toContain(
      '50 % of the queries for shop.example.com answered with the ALB (Route 53 set identifier eks, written by ExternalDNS), 50 % with marathon-lb',
    );
    expect(result.field('labels.HAPROXY_0_VHOST').note).toMatch(
      /; shop\.example\.org, www\.example\.org are not in the cut-over zone example\.com: move their DNS by hand$/,
    );
    expect(cutoverRoutes(result.estate).map((route) => route.host)).toEqual(['shop.example.com']);
  });

  test('an Ingress with no host in the zone gets no annotations, only the note', () => {
    const result = translate(lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.org' }), {
      trafficCutover: { zone: 'example.com', weight: 10 },
    });
    const annotations = annotationsOf(result.one<Ingress>('Ingress'));
    expect(Object.keys(annotations).filter((key) => key.startsWith('external-dns.'))).toEqual([]);
    expect(result.field('labels.HAPROXY_0_VHOST').note).toBe(
      'Ingress rules for shop.example.org → port 8080; shop.example.org is not in the cut-over zone example.com: move its DNS by hand',
    );
    expect(cutoverRoutes(result.estate)).toEqual([]);
  });

  test('a rule for any host (an IP address as VHOST) is not a route: no annotations, no DNS remark', () => {
    const result = translate(lb('/shop/web', { HAPROXY_0_VHOST: '10.0.0.5' }), {
      trafficCutover: { zone: 'example.com', weight: 10 },
    });
    expect(annotationsOf(result.one<Ingress>('Ingress'))[CUTOVER_ANNOTATIONS.setIdentifier]).toBeUndefined();
    expect(result.field('labels.HAPROXY_0_VHOST').note).not.toContain('cut-over');
  });

  test('without the option nothing changes: no annotations, the note as before', () => {
    const result = translate(lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.com' }));
    expect(Object.keys(annotationsOf(result.one<Ingress>('Ingress'))).some((k) => k.startsWith('external-dns.'))).toBe(
      false,
    );
    expect(result.field('labels.HAPROXY_0_VHOST').note).toBe('Ingress rules for shop.example.com → port 8080');
    expect(cutoverRoutes(result.estate)).toEqual([]);
  });

  test('the zone compares case-blind and without its trailing dot; the apex and wildcards are in it', () => {
    const result = translate(
      lb('/shop/web', { HAPROXY_0_VHOST: 'Example.com', HAPROXY_1_VHOST: '*.example.com' }, [
        { port: 8080, name: 'http' },
        { port: 8081, name: 'admin' },
      ]),
      { trafficCutover: { zone: 'EXAMPLE.com.', weight: 0 } },
    );
    expect(annotationsOf(result.one<Ingress>('Ingress'))[CUTOVER_ANNOTATIONS.weight]).toBe('0');
    expect(cutoverRoutes(result.estate)).toEqual([
      { host: '*.example.com', weight: 0, workload: '/shop/web', ingress: 'shop/web' },
      { host: 'example.com', weight: 0, workload: '/shop/web', ingress: 'shop/web' },
    ]);
    expect(result.field('labels.HAPROXY_1_VHOST').note).toContain(
      '0 % of the queries for *.example.com answered with the ALB (Route 53 set identifier eks, written by ExternalDNS), 100 % with marathon-lb',
    );
  });

  test('a vhost two apps share (on different paths) is one route, named by the first Ingress', () => {
    const result = translate(
      [
        lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.com', HAPROXY_0_PATH: '/' }),
        lb('/shop/api', { HAPROXY_0_VHOST: 'shop.example.com', HAPROXY_0_PATH: '/api' }),
      ],
      { trafficCutover: { zone: 'example.com', weight: 100 } },
    );
    expect(result.all('Ingress')).toHaveLength(2);
    for (const ingress of result.all('Ingress') as Ingress[]) {
      expect(annotationsOf(ingress)[CUTOVER_ANNOTATIONS.setIdentifier]).toBe(SET_IDENTIFIERS.eks);
    }
    expect(cutoverRoutes(result.estate)).toEqual([
      { host: 'shop.example.com', weight: 100, workload: '/shop/api', ingress: 'shop/api' },
    ]);
  });

  test('the same input gives the same Ingress, annotation order included', () => {
    const input = lb('/shop/web', { HAPROXY_0_VHOST: 'shop.example.com', HAPROXY_0_STICKY: 'true' });
    const options = { trafficCutover: { zone: 'example.com', weight: 10 } };
    expect(JSON.stringify(translate(input, options).objects)).toBe(JSON.stringify(translate(input, options).objects));
  });
});

describe('the zone and the hosts', () => {
  test('normalizeCutoverZone lowercases and drops trailing dots and blanks', () => {
    expect(normalizeCutoverZone(' Example.COM. ')).toBe('example.com');
    expect(normalizeCutoverZone('example.com..')).toBe('example.com');
  });

  test('hostsByZone splits named hosts; a rule for any host is in neither list', () => {
    expect(
      hostsByZone(['a.example.com', '', 'example.com', 'notexample.com', 'a.example.org'], 'Example.com.'),
    ).toEqual({
      inZone: ['a.example.com', 'example.com'],
      outside: ['notexample.com', 'a.example.org'],
    });
  });
});

describe('trafficCutover is checked with the other options', () => {
  const problems = (trafficCutover: unknown) =>
    translateOptionProblems({ trafficCutover } as Parameters<typeof translateOptionProblems>[0]).map(
      (p) => `${p.option}: ${p.problem}`,
    );

  test('a whole percentage from 0 to 100, and a DNS name once normalized', () => {
    expect(problems({ zone: 'example.com', weight: 0 })).toEqual([]);
    expect(problems({ zone: 'Example.COM.', weight: 100 })).toEqual([]);
    expect(problems({ zone: 'example.com', weight: 101 })).toEqual([
      "trafficCutover: weight: expected a whole percentage from 0 to 100 (the ALB's share of each route's queries), got 101",
    ]);
    expect(problems({ zone: 'example.com', weight: 2.5 })).toHaveLength(1);
    expect(problems({ zone: 'example.com', weight: -1 })).toHaveLength(1);
    expect(problems({ zone: 'example.com' })).toEqual([
      "trafficCutover: weight: expected a whole percentage from 0 to 100 (the ALB's share of each route's queries), got nothing",
    ]);
  });

  test('every problem at once: a bad zone and a bad weight', () => {
    const found = problems({ zone: 'exa mple.com', weight: 'ten' });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^trafficCutover: weight: /);
    expect(found[1]).toMatch(/^trafficCutover: zone: "exa mple\.com" is not a DNS-1123 subdomain/);
    expect(problems({ weight: 10 })).toEqual([
      'trafficCutover: zone: expected the name of a Route 53 public zone, e.g. example.com, got nothing',
    ]);
  });
});
