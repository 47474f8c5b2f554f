import { translate, app } from './helpers';

const bridge = (portMappings: object[], extra: object = {}) =>
  app({
    cmd: undefined,
    container: { type: 'DOCKER', docker: { image: 'nginx', network: 'BRIDGE', portMappings } },
    ...extra,
  });

describe('ports and networks', () => {
  test('legacy bridge port mappings → container ports and a Service on the service ports', () => {
    const result = translate(
      bridge([
        { containerPort: 80, hostPort: 0, servicePort: 10080, name: 'http' },
        { containerPort: 0, hostPort: 31000, protocol: 'udp,tcp', name: 'dns' },
      ]),
    );
    expect(result.container().ports).toEqual([
      { name: 'http', containerPort: 80, protocol: 'TCP' },
      { name: 'dns', containerPort: 31000, protocol: 'TCP' },
      { name: 'dns-udp', containerPort: 31000, protocol: 'UDP' },
    ]);
    expect(result.service().spec).toMatchObject({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [
        { name: 'http', port: 10080, targetPort: 80, protocol: 'TCP' },
        { name: 'dns', port: 31000, targetPort: 31000, protocol: 'TCP' },
        { name: 'dns-udp', port: 31000, targetPort: 31000, protocol: 'UDP' },
      ],
    });
    expect(result.field('container.docker.network')).toMatchObject({
      status: 'translated',
      note: expect.stringContaining('bridge'),
    });
    expect(result.field('container.docker.portMappings[0].hostPort').status).toBe('approximated');
  });

  test('host networking becomes the pod network, or hostNetwork with the option', () => {
    const pod = translate(app({ networks: [{ mode: 'host' }], portDefinitions: [{ port: 8080 }] }));
    expect(pod.podSpec().hostNetwork).toBeUndefined();
    expect(pod.field('networks[0].mode').status).toBe('approximated');
    const kept = translate(app({ networks: [{ mode: 'host' }], portDefinitions: [{ port: 8080 }] }), {
      hostNetworking: true,
    });
    expect(kept.podSpec()).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    expect(kept.field('networks[0].mode').status).toBe('translated');
  });

  test('fixed host ports only with the hostPorts option', () => {
    const input = app({ requirePorts: true, portDefinitions: [{ port: 8080, name: 'http' }] });
    expect(translate(input).container().ports?.[0].hostPort).toBeUndefined();
    expect(translate(input).field('requirePorts').status).toBe('approximated');
    expect(translate(input, { hostPorts: true }).container().ports?.[0]).toEqual({
      name: 'http',
      containerPort: 8080,
      protocol: 'TCP',
      hostPort: 8080,
    });
  });

  test('pod endpoints → container ports of their container; ENDPOINT_ variables', () => {
    const result = translate({
      id: '/shop/pod',
      networks: [{ mode: 'container', name: 'dcos' }],
      containers: [
        {
          name: 'web',
          resources: { cpus: 0.1, mem: 32 },
          image: { kind: 'DOCKER', id: 'nginx' },
          endpoints: [{ name: 'http', containerPort: 80 }],
        },
        {
          name: 'admin',
          resources: { cpus: 0.1, mem: 32 },
          image: { kind: 'DOCKER', id: 'envoy' },
          endpoints: [{ name: 'admin', containerPort: 9901 }],
        },
      ],
    });
    expect(result.container('Deployment', 0).ports).toEqual([{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
    expect(result.container('Deployment', 1).ports).toEqual([{ name: 'admin', containerPort: 9901, protocol: 'TCP' }]);
    expect(result.env('Deployment', 1)).toMatchObject({ ENDPOINT_HTTP: '80', ENDPOINT_ADMIN: '9901' });
    expect(result.service().spec?.ports?.map((p) => p.port)).toEqual([80, 9901]);
  });
});

describe('VIPs and service discovery', () => {
  test('a VIP named after the app adds its port to the app Service', () => {
    const result = translate(
      app({
        id: '/shop/api',
        networks: [{ mode: 'container/bridge' }],
        container: {
          docker: { image: 'api' },
          portMappings: [{ containerPort: 8080, labels: { VIP_0: '/shop/api:80' } }],
        },
      }),
    );
    expect(result.service('api').spec?.ports).toEqual([
      { name: 'tcp-80', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'port0', port: 8080, targetPort: 8080, protocol: 'TCP' },
    ]);
    expect(result.field('container.portMappings[0].labels.VIP_0').note).toBe(
      'VIP shopapi.marathon.l4lb.thisdcos.directory:80 → Service api.shop.svc.cluster.local:80',
    );
    expect(result.service('api').metadata?.annotations?.['marathon-to-eks/dcos-vip']).toBe(
      'shopapi.marathon.l4lb.thisdcos.directory',
    );
  });

  test("VIP ports keep the app's port names when the VIP port is the container port", () => {
    const result = translate(
      app({
        id: '/nginx',
        networks: [{ mode: 'container/bridge' }],
        container: {
          docker: { image: 'nginx' },
          portMappings: [
            { name: 'http', containerPort: 80, labels: { VIP_0: 'nginx:80' } },
            { name: 'https', containerPort: 443, labels: { VIP_0: 'nginx:443' } },
          ],
        },
      }),
    );
    expect(result.all('Service')).toHaveLength(1);
    expect(result.service('nginx').spec?.ports).toEqual([
      { name: 'http', port: 80, targetPort: 80, protocol: 'TCP' },
      { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
    ]);
  });

  test('a VIP with another name gets a Service of that name', () => {
    const result = translate(app({ portDefinitions: [{ port: 0, labels: { VIP_0: 'checkout:443' } }] }));
    expect(result.service('checkout').spec).toMatchObject({
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'port0', port: 443, targetPort: 10000 }],
    });
    expect(result.service('checkout').metadata?.annotations?.['marathon-to-eks/dcos-vip']).toBe(
      'checkout.marathon.l4lb.thisdcos.directory',
    );
  });

  test('two apps sharing a VIP share one Service through a common pod label', () => {
    const result = translate([
      app({ id: '/shop/blue', portDefinitions: [{ port: 0, labels: { VIP_0: '/shop/store:80' } }] }),
      app({ id: '/shop/green', portDefinitions: [{ port: 0, labels: { VIP_0: '/shop/store:80' } }] }),
    ]);
    const service = result.service('store');
    expect(service.spec?.selector).toEqual({ 'vip.marathon-to-eks/store': 'true' });
    for (const deployment of result.all('Deployment')) {
      expect(
        (deployment as { spec: { template: { metadata: { labels: object } } } }).spec.template.metadata.labels,
      ).toMatchObject({ 'vip.marathon-to-eks/store': 'true' });
    }
  });

  test('IP VIPs are reported as unsupported', () => {
    expect(
      translate(app({ portDefinitions: [{ port: 0, labels: { VIP_0: '10.0.0.9:80' } }] })).field(
        'portDefinitions[0].labels.VIP_0',
      ).status,
    ).toBe('unsupported');
  });

  test('Mesos-DNS, VIP and SRV names of the estate are rewritten in env, cmd and health checks; unknown ones reported', () => {
    const result = translate([
      app({ id: '/shop/api', portDefinitions: [{ port: 8000, name: 'http', labels: { VIP_0: '/shop/api:8000' } }] }),
      app({
        id: '/shop/web',
        cmd: 'run --api http://api-shop.marathon.mesos:8000 --srv _api-shop._tcp.marathon.mesos',
        env: { API: 'http://shopapi.marathon.l4lb.thisdcos.directory:8000', OTHER: 'http://ghost.marathon.mesos' },
        portDefinitions: [{ port: 80 }],
        healthChecks: [
          { protocol: 'COMMAND', command: { value: 'curl -f http://api-shop.marathon.mesos:8000/health' } },
        ],
      }),
    ]);
    const web = result.estate.workloads[1].translation.objects[0] as {
      spec: {
        template: {
          spec: {
            containers: {
              command: string[];
              env: { name: string; value?: string }[];
              livenessProbe: { exec: { command: string[] } };
            }[];
          };
        };
      };
    };
    const container = web.spec.template.spec.containers[0];
    expect(container.command[2]).toBe(
      'run --api http://api.shop.svc.cluster.local:8000 --srv _http._tcp.api.shop.svc.cluster.local',
    );
    expect(container.env.find((v) => v.name === 'API')?.value).toBe('http://api.shop.svc.cluster.local:8000');
    expect(container.livenessProbe.exec.command[2]).toBe('curl -f http://api.shop.svc.cluster.local:8000/health');
    expect(result.field('env.API', 1).status).toBe('approximated');
    expect(result.field('env.OTHER', 1)).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('ghost.marathon.mesos'),
    });
  });
});

describe('marathon-lb → AWS load balancers', () => {
  const lb = (labels: Record<string, string>, ports: object[] = [{ port: 8080, name: 'http' }]) =>
    app({ labels, portDefinitions: ports });

  test('HTTP virtual hosts → an ALB Ingress per app (external = internet-facing)', () => {
    const result = translate(
      lb({
        HAPROXY_GROUP: 'external',
        HAPROXY_0_VHOST: 'shop.example.com,www.shop.example.com',
        HAPROXY_0_PATH: '/api',
        HAPROXY_0_STICKY: 'true',
      }),
    );
    const ingress = result.one('Ingress');
    expect(ingress.metadata?.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/target-group-attributes':
        'stickiness.enabled=true,stickiness.lb_cookie.duration_seconds=86400',
    });
    expect((ingress as { spec: object }).spec).toEqual({
      ingressClassName: 'alb',
      rules: ['shop.example.com', 'www.shop.example.com'].map((host) => ({
        host,
        http: {
          paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }],
        },
      })),
    });
  });

  test('internal group, HTTPS redirect, ingress class option', () => {
    const result = translate(
      lb({ HAPROXY_GROUP: 'internal', HAPROXY_0_VHOST: 'a.internal', HAPROXY_0_REDIRECT_TO_HTTPS: 'true' }),
      { ingressClass: 'internal-alb' },
    );
    const ingress = result.one('Ingress') as {
      metadata: { annotations: Record<string, string> };
      spec: { ingressClassName: string };
    };
    expect(ingress.spec.ingressClassName).toBe('internal-alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internal',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
    });
    expect(result.field('labels.HAPROXY_0_REDIRECT_TO_HTTPS').status).toBe('approximated');
  });

  test('an HTTPS route serves the certificates of the option certificateArns; without one, certificate discovery is left to find it', () => {
    const arn = 'arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
    const https = lb({
      HAPROXY_GROUP: 'external',
      HAPROXY_0_VHOST: 'shop.example.com',
      HAPROXY_0_REDIRECT_TO_HTTPS: 'true',
    });
    const annotations = (result: ReturnType<typeof translate>) =>
      (result.one('Ingress') as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    const withCertificate = translate(https, { certificateArns: [arn] });
    expect(annotations(withCertificate)['alb.ingress.kubernetes.io/certificate-arn']).toBe(arn);
    expect(withCertificate.field('labels.HAPROXY_0_REDIRECT_TO_HTTPS').note).toContain(arn);
    expect(annotations(translate(https))).not.toHaveProperty('alb.ingress.kubernetes.io/certificate-arn');
    // A plain HTTP route gets no certificate.
    expect(
      annotations(translate(lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.com' }), { certificateArns: [arn] })),
    ).not.toHaveProperty('alb.ingress.kubernetes.io/certificate-arn');
  });

  test('TCP mode → an NLB Service on the marathon-lb port', () => {
    const result = translate(
      lb({ HAPROXY_GROUP: 'external', HAPROXY_0_MODE: 'tcp', HAPROXY_0_PORT: '5432' }, [{ port: 5432, name: 'pg' }]),
    );
    expect(result.service('web-lb')).toMatchObject({
      metadata: {
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
          'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
          'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
        },
      },
      spec: {
        type: 'LoadBalancer',
        selector: { 'app.kubernetes.io/name': 'web' },
        ports: [{ name: 'tcp-0', port: 5432, targetPort: 5432, protocol: 'TCP' }],
      },
    });
  });

  test('templates and blue/green labels are reported by name; without HAPROXY_GROUP nothing is exposed', () => {
    const result = translate(
      lb({
        HAPROXY_GROUP: 'external',
        HAPROXY_0_VHOST: 'a.com',
        HAPROXY_0_BACKEND_HEAD: 'backend x',
        HAPROXY_DEPLOYMENT_GROUP: 'blue',
      }),
    );
    expect(result.field('labels.HAPROXY_0_BACKEND_HEAD')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('HAPROXY_0_BACKEND_HEAD'),
    });
    expect(result.field('labels.HAPROXY_DEPLOYMENT_GROUP').status).toBe('approximated');
    const hidden = translate(lb({ HAPROXY_0_VHOST: 'a.com' }));
    expect(hidden.all('Ingress')).toEqual([]);
    expect(hidden.field('labels.HAPROXY_0_VHOST').status).toBe('ignored');
  });
});

describe('marathon-lb values an AWS load balancer cannot take', () => {
  const lb = (labels: Record<string, string>, ports: object[] = [{ port: 8080, name: 'http' }]) =>
    app({ labels, portDefinitions: ports });
  const rules = (result: ReturnType<typeof translate>) =>
    (result.one('Ingress') as { spec: { rules: { host: string; http: { paths: { path: string }[] } }[] } }).spec.rules;

  test('virtual hosts: lowercased; an IP address or a placeholder becomes a rule for any host (approximated)', () => {
    const result = translate(
      lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'Shop.Example.com,10.0.0.1,<public-agent-ip>' }),
    );
    expect(rules(result).map((rule) => rule.host)).toEqual(['shop.example.com', undefined]);
    expect(result.field('labels.HAPROXY_0_VHOST')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('"10.0.0.1" must be a DNS name, not an IP address'),
    });
    const ip = translate(lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: '64.172.103.2' }));
    expect(rules(ip)).toEqual([
      {
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }],
        },
      },
    ]);
    expect(ip.field('labels.HAPROXY_0_VHOST')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('the rule matches any host'),
    });
  });

  test('no path Kubernetes accepts: no Ingress rule, unsupported', () => {
    const none = translate(lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.com', HAPROXY_0_PATH: '/a//b' }));
    expect(none.all('Ingress')).toEqual([]);
    expect(none.field('labels.HAPROXY_0_VHOST').status).toBe('unsupported');
  });

  test('paths: a relative one gets its "/", traversal sequences are not routed', () => {
    const result = translate(
      lb({ HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'a.com', HAPROXY_0_PATH: 'api /a//b /v2' }),
    );
    expect(rules(result)[0].http.paths.map((path) => path.path)).toEqual(['/api', '/v2']);
    expect(result.field('labels.HAPROXY_0_PATH')).toMatchObject({
      status: 'approximated',
      note: expect.stringContaining('must not contain "//"'),
    });
  });

  test('HAPROXY_n_PORT that is no port, or a port another port took, is unsupported; the NLB stays valid', () => {
    const result = translate(
      lb(
        {
          HAPROXY_GROUP: 'external',
          HAPROXY_0_MODE: 'tcp',
          HAPROXY_0_PORT: '1e400',
          HAPROXY_1_MODE: 'tcp',
          HAPROXY_1_PORT: '8080',
        },
        [{ port: 8080 }, { port: 9090 }],
      ),
    );
    expect(result.service('web-lb').spec?.ports?.map((port) => port.port)).toEqual([8080]);
    expect(result.field('labels.HAPROXY_0_PORT')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('"1e400" is not a port number'),
    });
    expect(result.field('labels.HAPROXY_1_PORT')).toMatchObject({
      status: 'unsupported',
      note: expect.stringContaining('already taken'),
    });
  });
});
