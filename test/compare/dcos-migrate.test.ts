/**
 * dcos-migrate (d2iq-ps/dcos-migrate) is the best earlier Marathon → Kubernetes converter. This runs its test
 * inputs through our translation and checks that every behaviour its expected output (`_expected/*.yaml`) and its
 * own test assertions encode is kept — and pins down, with a reason, each place where ours deliberately differs.
 * docs/comparison.md tabulates the result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { LoadResult } from '../../lib/marathon/load/definition';
import { loadEstate, loadTexts } from '../../lib/marathon/load/estate';
import { estateObjects } from '../../lib/translate/estate-objects';
import { EstateTranslation, TranslatedWorkload, translateEstate } from '../../lib/translate/estate-translation';
import {
  Container,
  CronJob,
  Deployment,
  EnvVar,
  Job,
  KubeObject,
  PodSpec,
  Service,
  StatefulSet,
} from '../../lib/translate/kube';
import { validateKubeObjects } from '../../lib/validate/kubernetes';
import { corpusFile, describeWithCorpus } from '../helpers/corpus';

const INPUTS = 'd2iq-ps__dcos-migrate';
const EXPECTED = '_expected/d2iq-ps__dcos-migrate';

/** A CPU quantity in cores: `200m`, `0.2`, `1`. */
function cores(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined) {
    return undefined;
  }
  const text = String(quantity);
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

/** A memory quantity in MiB: `128Mi`, `32.0Mi`, `1Gi`. */
function mebibytes(quantity: string | number | undefined): number | undefined {
  if (quantity === undefined) {
    return undefined;
  }
  const match = /^([\d.]+)(Mi|Gi)?$/.exec(String(quantity));
  if (!match) {
    throw new Error(`unexpected memory quantity ${quantity}`);
  }
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function expected(file: string): KubeObject[] {
  const text = fs.readFileSync(corpusFile(path.join(EXPECTED, file)), 'utf8');
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

function envOf(container: Container): Map<string, EnvVar> {
  return new Map((container.env ?? []).map((variable) => [variable.name, variable]));
}

describeWithCorpus('dcos-migrate comparison: their expected behaviour, kept', () => {
  let estate: LoadResult;
  let translation: EstateTranslation;

  beforeAll(async () => {
    estate = await loadEstate({ paths: [corpusFile(INPUTS)] });
    translation = translateEstate(estate.definitions, estate.groups);
  });

  const from = (file: string): TranslatedWorkload => {
    const found = translation.workloads.filter((w) => path.basename(w.report.source) === file);
    if (found.length !== 1) {
      throw new Error(`expected one workload from ${file}, found ${found.length}`);
    }
    return found[0];
  };
  const objectOf = <T extends KubeObject>(workload: TranslatedWorkload, kind: string): T => {
    const found = workload.translation.objects.filter((object) => object.kind === kind);
    if (found.length !== 1) {
      throw new Error(`expected one ${kind}, found ${found.map((o) => o.metadata?.name).join(', ')}`);
    }
    return found[0] as T;
  };
  const podOf = (object: Deployment | StatefulSet | CronJob | Job): PodSpec => {
    if (object.kind === 'CronJob') {
      return (object as CronJob).spec?.jobTemplate.spec?.template.spec as PodSpec;
    }
    return (object as Deployment).spec?.template.spec as PodSpec;
  };
  const field = (workload: TranslatedWorkload, fieldPath: string) => {
    const line = workload.report.fields.find((f) => f.path === fieldPath);
    if (!line) {
      throw new Error(`no report line for ${fieldPath}`);
    }
    return line;
  };

  test('everything we emit for their inputs passes strict Kubernetes validation (several of their own outputs do not)', () => {
    const objects = estateObjects(translation);
    expect(validateKubeObjects(objects)).toEqual([]);
    // Theirs: `hello_world` (not a DNS-1123 name), a label value with `?`, a CronJob without metadata, batch/v1beta1.
    const theirs = [
      'misc__snapshots__test-force-cronjob.yaml',
      'tests__examples__job_ucr.yaml',
      'misc__snapshots__test-job.yaml',
    ].flatMap(expected);
    expect(validateKubeObjects(theirs).length).toBeGreaterThanOrEqual(3);
  });

  test('they skip pods and abort on unknown fields; we convert every valid definition and report every field', () => {
    // 12 inputs, 11 valid (job_ucr's id "hello world" is not a Metronome id); they produce output for 8 of them.
    expect(translation.workloads).toHaveLength(11);
    for (const workload of translation.workloads) {
      expect(workload.translation.objects.length).toBeGreaterThan(0);
      expect(workload.report.fields.every((line) => line.note.length > 0)).toBe(true);
    }
  });

  describe('Marathon apps (their pytest assertions)', () => {
    test('simple.json: a Deployment for group1/predictionio-server with its image, replicas and resources', () => {
      const workload = from('tests__examples__simple.json');
      const deployment = objectOf<Deployment>(workload, 'Deployment');
      // Theirs: name `group1.predictionio-server`. Ours keeps the group as the namespace (their test asserts the name).
      expect(deployment.metadata).toMatchObject({
        namespace: 'group1',
        name: 'predictionio-server',
        annotations: { 'marathon-to-eks/app-id': '/group1/predictionio-server' },
      });
      expect(deployment.spec?.replicas).toBe(1);
      // Their `app` label on metadata, selector and template: one selector label, everywhere.
      const selector = deployment.spec?.selector.matchLabels ?? {};
      expect(deployment.spec?.template.metadata?.labels).toMatchObject(selector);
      const container = podOf(deployment).containers[0];
      expect(container.image).toBe('tobilg/mini-webserver');
      expect(cores(container.resources?.requests?.cpu as string)).toBe(0.2);
      expect(mebibytes(container.resources?.requests?.memory as string)).toBe(128);
      expect(container.resources?.limits).toEqual(container.resources?.requests);
      // Their Service named with the app label, selecting the pods.
      expect(objectOf<Service>(workload, 'Service').spec?.selector).toEqual(selector);
    });

    test('simplePortmapping.json: theirs aborts (xfail: legacy docker.network / docker.portMappings); ours converts it', () => {
      const workload = from('tests__examples__simplePortmapping.json');
      const container = podOf(objectOf<Deployment>(workload, 'Deployment')).containers[0];
      expect(container.ports).toEqual([{ name: 'port0', containerPort: 80, protocol: 'TCP' }]);
      expect(objectOf<Service>(workload, 'Service').spec?.ports).toEqual([
        { name: 'port0', port: 80, targetPort: 80, protocol: 'TCP' },
      ]);
      expect(field(workload, 'container.docker.network').status).toBe('translated');
    });

    test('simpleWithSecret.json: env vars read the DC/OS secrets from Secrets — without writing the values', () => {
      const workload = from('tests__examples__simpleWithSecret.json');
      const env = envOf(podOf(objectOf<Deployment>(workload, 'Deployment')).containers[0]);
      // Theirs: secretKeyRef marathonsecret-group1.predictionio-server / secret1 and / test.secret2, plus a Secret with the values.
      expect(env.get('DATABASE_PW')?.valueFrom?.secretKeyRef).toEqual({ name: 'secret1', key: 'value' });
      expect(env.get('DATABASE_USER')?.valueFrom?.secretKeyRef).toEqual({ name: 'test-secret2', key: 'value' });
      expect(workload.translation.objects.filter((object) => (object.kind as string) === 'Secret')).toEqual([]);
      // Their migrated DC/OS secrets (the `_expected` Secret fixtures) name the same secret-store paths our report asks for.
      const paths = [
        'tests__examples__simpleWithSecret__secret__secret1.Manifest.yaml',
        'tests__examples__simpleWithSecret__secret__test.secret2.Manifest.yaml',
      ]
        .flatMap(expected)
        .map((secret) => secret.metadata?.annotations?.['migration.dcos.d2iq.com/secrets/secretpath']);
      expect(workload.translation.secrets.map((secret) => secret.source).sort()).toEqual(paths.sort());
    });

    test('container-args-app.json: args go to the entrypoint, no command', () => {
      const workload = from('tests__test_marathon__test_app_transtalor__resources__container-args-app.json');
      const deployment = objectOf<Deployment>(workload, 'Deployment');
      expect(deployment.metadata?.name).toBe('args');
      expect(deployment.spec?.replicas).toBe(2);
      const container = podOf(deployment).containers[0];
      expect(container.command).toBeUndefined();
      expect(container.args).toEqual(['args', 'passed', 'to', 'entrypoint']);
      expect(container.image).toBe('d2iq/entrypoint');
      expect(mebibytes(container.resources?.requests?.memory as string)).toBe(32);
    });

    test('simple-command-app.json: cmd through /bin/sh -c, replicas, resources, a default image', () => {
      const workload = from('tests__test_marathon__test_app_transtalor__resources__simple-command-app.json');
      const deployment = objectOf<Deployment>(workload, 'Deployment');
      expect(deployment.metadata?.name).toBe('sleep');
      expect(deployment.spec?.replicas).toBe(10);
      const container = podOf(deployment).containers[0];
      expect(container.command).toEqual(['/bin/sh', '-c', 'sleep 3600']);
      expect(cores(container.resources?.requests?.cpu as string)).toBe(0.01);
      expect(container.resources?.limits).toEqual(container.resources?.requests);
      expect(mebibytes(container.resources?.requests?.memory as string)).toBe(64);
      // Theirs: alpine:latest; ours: the commandImage option (debian:bookworm-slim), with a remark to check it.
      expect(container.image).toBeTruthy();
      expect(workload.report.remarks.some((remark) => remark.startsWith('no image'))).toBe(true);
    });

    test('stateful-app.json: a StatefulSet with a 512Mi ReadWriteOnce claim mounted at the data path, no Deployment strategy', () => {
      const workload = from('tests__test_marathon__test_app_transtalor__resources__stateful-app.json');
      const statefulSet = objectOf<StatefulSet>(workload, 'StatefulSet');
      expect(statefulSet.spec?.serviceName).toBe('postgres');
      expect((statefulSet.spec as { strategy?: unknown }).strategy).toBeUndefined();
      expect(statefulSet.spec?.volumeClaimTemplates).toHaveLength(1);
      const claim = statefulSet.spec?.volumeClaimTemplates?.[0];
      expect(claim?.spec?.accessModes).toEqual(['ReadWriteOnce']);
      expect(claim?.spec?.resources?.requests?.storage).toBe('512Mi');
      const container = podOf(statefulSet).containers[0];
      // Their one mount, at the data path. Ours also mounts it where Mesos kept it, in the sandbox (`data` → $MESOS_SANDBOX/data).
      expect(container.volumeMounts?.filter((mount) => mount.name === claim?.metadata?.name)).toEqual([
        { name: claim?.metadata?.name, mountPath: '/mnt/mesos/sandbox/data' },
        { name: claim?.metadata?.name, mountPath: '/var/lib/postgresql/data' },
      ]);
      expect(objectOf<Service>(workload, 'Service').spec?.ports).toEqual([
        expect.objectContaining({ name: 'postgres', port: 5432 }),
      ]);
      const env = envOf(container);
      expect(env.get('PGDATA')?.value).toBe('pgdata');
      // Theirs writes POSTGRES_PASSWORD=password into the manifest; ours reads it from a Secret.
      expect(env.get('POSTGRES_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({
        name: 'postgres-credentials',
        key: 'POSTGRES_PASSWORD',
      });
      // Theirs ignores the persistent volume's maxSize and constraints silently; ours reports them.
      expect(field(workload, 'container.volumes[1].persistent.maxSize').status).not.toBe('translated');
    });

    test('jenkins.json: theirs skips DC/OS framework packages silently; ours converts the scheduler and flags it', () => {
      const workload = from('tests__examples__jenkins.json');
      expect(objectOf<StatefulSet>(workload, 'StatefulSet').metadata?.name).toBe('jenkins');
      expect(field(workload, 'labels.DCOS_PACKAGE_FRAMEWORK_NAME').status).toBe('unsupported');
    });

    describe('nginx-vip-app.json', () => {
      const file = 'tests__test_marathon__test_app_transtalor__resources__nginx-vip-app.json';

      test('as written, it has port mappings but no networks: Marathon itself drops them (host networking), and so do we, loudly', () => {
        const workload = from(file);
        const line = field(workload, 'container.portMappings[0].labels.VIP_0');
        expect(line.status).toBe('ignored');
        expect(line.note).toContain('Marathon runs it with host networking and drops them');
        expect(line.note).toContain('add "networks": [{"mode": "container/bridge"}]');
      });

      test('with the networks the test author meant: their Service, ports, VIP name, probe and $PORT variables', () => {
        const json = JSON.parse(fs.readFileSync(corpusFile(path.join(INPUTS, file)), 'utf8'));
        const loaded = loadTexts([
          {
            source: file,
            text: JSON.stringify({ ...json, networks: [{ mode: 'container/bridge' }] }),
            discovered: false,
          },
        ]);
        const [workload] = translateEstate(loaded.definitions, loaded.groups).workloads;
        const service = objectOf<Service>(workload, 'Service');
        // Their assertions: name nginx, selector on the app, ports http 80 / https 443 TCP, not headless.
        expect(service.metadata?.name).toBe('nginx');
        expect(service.spec?.ports).toEqual([
          { name: 'http', port: 80, targetPort: 80, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
        ]);
        expect(service.spec?.clusterIP).toBeUndefined();
        // Their label dcos.io/l4lb-dns names the VIP host; ours an annotation (and the report maps the host to the Service).
        expect(service.metadata?.annotations?.['marathon-to-eks/dcos-vip']).toBe(
          'nginx.marathon.l4lb.thisdcos.directory',
        );
        const deployment = objectOf<Deployment>(workload, 'Deployment');
        expect(deployment.spec?.replicas).toBe(2);
        const container = podOf(deployment).containers[0];
        expect(container).toMatchObject({ image: 'nginx:1.14.2', imagePullPolicy: 'Always' });
        expect(cores(container.resources?.limits?.cpu as string)).toBe(1);
        expect(mebibytes(container.resources?.limits?.memory as string)).toBe(256);
        // Their liveness probe: httpGet / on 80, period 60, timeout 20, failure threshold 3, no kill for 300 s.
        expect(container.livenessProbe).toMatchObject({
          httpGet: { path: '/', port: 80, scheme: 'HTTP' },
          periodSeconds: 60,
          timeoutSeconds: 20,
          failureThreshold: 3,
        });
        const startup = container.startupProbe;
        expect(
          (startup?.periodSeconds ?? 0) * (startup?.failureThreshold ?? 0) + (startup?.initialDelaySeconds ?? 0),
        ).toBeGreaterThanOrEqual(300);
        // Their env: PORTS, PORT0, PORT1, PORT_HTTP, PORT_HTTPS (HOST: theirs 0.0.0.0, ours the pod IP).
        const env = envOf(container);
        expect(
          Object.fromEntries(
            ['PORTS', 'PORT0', 'PORT1', 'PORT_HTTP', 'PORT_HTTPS'].map((name) => [name, env.get(name)?.value]),
          ),
        ).toEqual({
          PORTS: '80,443',
          PORT0: '80',
          PORT1: '443',
          PORT_HTTP: '80',
          PORT_HTTPS: '443',
        });
        expect(env.get('HOST')?.valueFrom?.fieldRef?.fieldPath).toBe('status.podIP');
      });
    });
  });

  describe('Metronome jobs (their YAML snapshots)', () => {
    /**
     * Their CronJob / Job against ours, behaviour by behaviour. `placeholder`: their schedule is the fake
     * `* * * * *` they use for jobs without one, suspended; ours is suspended too, on a date that never comes.
     */
    function compareJob(theirs: CronJob | Job, ours: CronJob, placeholder: boolean): void {
      const theirJob = theirs.kind === 'Job' ? (theirs as Job).spec : (theirs as CronJob).spec?.jobTemplate.spec;
      const theirPod = theirJob?.template.spec as PodSpec;
      const ourPod = podOf(ours);
      if (theirs.kind === 'CronJob') {
        const spec = (theirs as CronJob).spec;
        if (!placeholder) {
          expect(ours.spec?.schedule).toBe(spec?.schedule);
        }
        expect(ours.spec?.suspend ?? false).toBe(spec?.suspend ?? false);
        if (spec?.concurrencyPolicy !== undefined) {
          expect(ours.spec?.concurrencyPolicy).toBe(spec.concurrencyPolicy);
        }
        if (spec?.startingDeadlineSeconds !== undefined) {
          expect(ours.spec?.startingDeadlineSeconds).toBe(spec.startingDeadlineSeconds);
        }
      } else {
        // A Metronome job without a schedule runs only when started: theirs a Job (which would run on apply), ours a suspended CronJob.
        expect(ours.spec?.suspend).toBe(true);
      }
      const [their] = theirPod.containers;
      const [our] = ourPod.containers;
      expect(our.command).toEqual(their.command);
      expect(our.image).toBe(their.image);
      expect(our.imagePullPolicy).toBe(their.imagePullPolicy);
      expect(cores(our.resources?.limits?.cpu as string)).toBe(cores(their.resources?.limits?.cpu as string));
      expect(mebibytes(our.resources?.limits?.memory as string)).toBe(
        mebibytes(their.resources?.limits?.memory as string),
      );
      // Their current plugin drops docker.privileged (job.json has it true); where they emit it, it must match.
      if (their.securityContext?.privileged !== undefined) {
        expect(our.securityContext?.privileged ?? false).toBe(their.securityContext.privileged);
      }
      const ourEnv = envOf(our);
      for (const variable of their.env ?? []) {
        const mine = ourEnv.get(variable.name);
        if (variable.valueFrom?.secretKeyRef) {
          expect(mine?.valueFrom?.secretKeyRef).toBeDefined();
        } else {
          expect(mine?.value).toBe(variable.value);
        }
      }
      if (theirPod.restartPolicy !== undefined) {
        expect(ourPod.restartPolicy).toBe(theirPod.restartPolicy);
      }
      if (theirPod.terminationGracePeriodSeconds !== undefined) {
        expect(ourPod.terminationGracePeriodSeconds).toBe(theirPod.terminationGracePeriodSeconds);
      }
      for (const init of theirPod.initContainers ?? []) {
        const script = init.command?.join(' ') ?? '';
        const urls = [...script.matchAll(/"(https?:\/\/[^"]+)"/g)].map((match) => match[1]);
        const ours = (ourPod.initContainers ?? []).map((container) => container.command?.join(' ') ?? '').join('\n');
        for (const url of urls) {
          expect(ours).toContain(`'${url}'`);
        }
        if (script.includes('chmod a+x')) {
          expect(ours).toContain('chmod +x');
        }
      }
      const theirAnnotations = {
        ...(theirs.metadata?.annotations ?? {}),
        ...((theirs as CronJob).spec?.jobTemplate?.metadata?.annotations ?? {}),
      };
      const description = theirAnnotations.description ?? theirAnnotations['migration.dcos.d2iq.com/description'];
      if (description !== undefined) {
        expect(ours.metadata?.annotations?.['marathon-to-eks/description']).toBe(description);
      }
    }

    test('test-cronjob: schedule, suspend, concurrency, deadline, command, image, limits, restart policy, grace period', () => {
      const [theirs] = expected('misc__snapshots__test-cronjob.yaml');
      const workload = from('misc__snapshots__test-cronjob.json');
      const ours = objectOf<CronJob>(workload, 'CronJob');
      compareJob(theirs as CronJob, ours, false);
      expect(ours.metadata?.name).toBe(theirs.metadata?.name);
      // Theirs drops the (misspelled) timeZone with a warning; ours reports Metronome's own reading: it ran in UTC.
      expect(ours.spec?.timeZone).toBe('UTC');
      expect(field(workload, 'schedules[0].timeZone').note).toContain('Metronome reads "timezone"');
    });

    test('test-job and test-force-cronjob: a job without a schedule does not run until started', () => {
      const workload = from('misc__snapshots__test-job.json');
      const ours = objectOf<CronJob>(workload, 'CronJob');
      compareJob(expected('misc__snapshots__test-job.yaml')[0] as Job, ours, true);
      compareJob(expected('misc__snapshots__test-force-cronjob.yaml')[0] as CronJob, ours, true);
      // Theirs copies the label PGPASSWORD=you_thought_so? verbatim (an invalid label value, and a password); ours never copies it.
      expect(JSON.stringify(workload.translation.objects)).not.toContain('you_thought_so');
      expect(field(workload, 'labels.PGPASSWORD').status).toBe('approximated');
      expect(workload.report.remarks[0]).toContain('kubectl create job --from=cronjob/some-test-job');
    });

    test('job.json: schedule, env with a secret, fetch, labels and description — and their Secret value is not written', () => {
      const [theirs, theirSecret] = expected('tests__examples__job.yaml');
      const workload = from('tests__examples__job.json');
      const ours = objectOf<CronJob>(workload, 'CronJob');
      compareJob(theirs as CronJob, ours, false);
      expect(ours.metadata?.name).toBe(theirs.metadata?.name);
      // Their label annotation migration.dcos.d2iq.com/label/FOO: BAR → ours a label (valid) and the labels annotation.
      expect(ours.metadata?.labels?.FOO).toBe('BAR');
      // Their Secret carries data (base64 of the DC/OS secret); ours emits no Secret and lists the one to create.
      expect(theirSecret.kind).toBe('Secret');
      expect(workload.translation.objects.some((object) => (object.kind as string) === 'Secret')).toBe(false);
      expect(workload.translation.secrets).toEqual([
        expect.objectContaining({ source: 'hello-world/secret', origin: 'dcos-secret-store' }),
      ]);
      // What theirs silently drops (per their snapshot), ours carries: privileged, the hostPath volume, the grace period, the deadline.
      const pod = podOf(ours);
      expect(pod.containers[0].securityContext?.privileged).toBe(true);
      expect(pod.volumes?.some((volume) => volume.hostPath?.path === '/host_path')).toBe(true);
      expect(pod.terminationGracePeriodSeconds).toBe(123);
      expect(ours.spec?.startingDeadlineSeconds).toBe(900);
    });

    test('job_ucr.json: their output is named hello_world (invalid); Metronome rejects the id "hello world", and so do we, clearly', () => {
      const [theirs] = expected('tests__examples__job_ucr.yaml');
      expect(validateKubeObjects([theirs]).length).toBe(1);
      const errors = estate.diagnostics.filter(
        (d) => d.severity === 'error' && d.source.endsWith('tests__examples__job_ucr.json'),
      );
      expect(errors.map((e) => [e.path.join('.'), e.message])).toEqual([
        [
          'id',
          '"hello world" is not a valid job id: Metronome ids are lowercase dot-separated names of letters, digits and "-" (e.g. "backup.nightly")',
        ],
      ]);
    });
  });
});
