import { loadJson } from '../helpers/load';
import { formatDiagnostic } from '../../lib/marathon/diagnostics';
import { estateObjects } from '../../lib/translate/estate-objects';
import { EstateTranslation, translateEstate } from '../../lib/translate/estate-translation';
import { Container, Deployment, KubeObject, PodSpec, Service } from '../../lib/translate/kube';
import { TranslateOptions } from '../../lib/translate/options';
import { FieldReport } from '../../lib/translate/report';
import { validateKubeObjects } from '../../lib/validate/kubernetes';

/** Translates Marathon JSON (one definition, an array, a group…) and offers views on the result. */
export function translate(input: unknown, options: TranslateOptions = {}) {
  const loaded = loadJson(input);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(`input rejected:\n${errors.map(formatDiagnostic).join('\n')}`);
  }
  const estate: EstateTranslation = translateEstate(loaded.definitions, loaded.groups, options);
  const objects: KubeObject[] = estateObjects(estate);
  // Every object any test sees must also pass the strict validation.
  const invalid = validateKubeObjects(objects);
  if (invalid.length > 0) {
    throw new Error(`invalid objects: ${JSON.stringify(invalid, null, 2)}`);
  }
  const all = (kind: string) => objects.filter((object) => object.kind === kind);
  const one = <T extends KubeObject = Deployment>(kind: string, name?: string): T => {
    const found = all(kind).filter((object) => name === undefined || object.metadata?.name === name);
    if (found.length !== 1) {
      throw new Error(
        `expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}: ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`,
      );
    }
    return found[0] as T;
  };
  const podSpec = (kind = 'Deployment'): PodSpec => {
    const workload = one<Deployment>(kind);
    return (
      kind === 'CronJob'
        ? (workload as unknown as { spec: { jobTemplate: { spec: { template: { spec: PodSpec } } } } }).spec.jobTemplate
            .spec.template.spec
        : workload.spec?.template.spec
    ) as PodSpec;
  };
  const container = (kind = 'Deployment', index = 0): Container => podSpec(kind).containers[index];
  const fields = (workload = 0): readonly FieldReport[] => estate.workloads[workload].report.fields;
  const field = (path: string, workload = 0): FieldReport => {
    const found = fields(workload).find((f) => f.path === path);
    if (!found) {
      throw new Error(
        `no report line for ${path}; have ${fields(workload)
          .map((f) => f.path)
          .join(', ')}`,
      );
    }
    return found;
  };
  const env = (kind = 'Deployment', index = 0) =>
    Object.fromEntries((container(kind, index).env ?? []).map((v) => [v.name, v.value ?? v.valueFrom]));
  return {
    estate,
    objects,
    all,
    one,
    podSpec,
    container,
    fields,
    field,
    env,
    service: (name?: string) => one<Service>('Service', name),
  };
}

export const app = (extra: object = {}) => ({
  id: '/shop/web',
  cmd: 'python3 -m http.server $PORT0',
  cpus: 0.5,
  mem: 256,
  ...extra,
});
