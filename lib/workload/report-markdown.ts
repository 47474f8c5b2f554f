import { FIELD_STATUSES } from '../translate/report';
import { MigrationReport } from './migration-report';
import { plural } from '../util/text';

/**
 * The report for people: totals, what must be done by hand (unsupported fields, approximations, secrets, node
 * labels), errors. Translated fields are counted, not listed; `migration-report.json` lists every field.
 */
export function reportMarkdown(report: MigrationReport): string {
  const { summary } = report;
  const lines: string[] = ['# Migration report', ''];
  lines.push(
    `${plural(summary.definitions.app, 'app')}, ${plural(summary.definitions.pod, 'pod')} and ${plural(summary.definitions.job, 'job')} converted; ${plural(summary.rejected, 'invalid definition')} rejected; ${plural(summary.errors, 'error')}.`,
    '',
    '| field status | count |',
    '|---|---|',
    ...FIELD_STATUSES.map((status) => `| ${status} | ${summary.fields[status]} |`),
    '',
    '| object kind | count |',
    '|---|---|',
    ...Object.entries(summary.objects).map(([kind, count]) => `| ${kind} | ${count} |`),
    '',
  );
  if (report.errors.length > 0) {
    lines.push('## Errors', '', ...report.errors.map((e) => `- \`${e.source}\` \`${e.path}\`: ${escape(e.message)}`), '');
  }
  if (report.secrets.length > 0) {
    lines.push(
      '## Secrets to create',
      '',
      'Values never appear in the manifests or this report; create these Secrets (e.g. synced from AWS Secrets Manager) before deploying. ' +
        'A value comes from the DC/OS secret store, or from a plain value in the Marathon definition that looked like a credential.',
      '',
      '| namespace | Secret | key | type | value from |',
      '|---|---|---|---|---|',
    );
    lines.push(...report.secrets.map((s) => `| ${s.namespace} | ${s.name} | ${s.key} | ${s.type} | ${s.origin === 'dcos-secret-store' ? 'DC/OS secret' : 'definition'} \`${s.source}\` |`), '');
  }
  if (report.nodeLabels.length > 0 || report.nodeTaints.length > 0) {
    lines.push('## Node labels and taints the node groups need', '', '| label | values | why |', '|---|---|---|');
    lines.push(...report.nodeLabels.map((l) => `| \`${l.key}\` | ${l.values.join(', ') || '(any)'} | ${escape(l.reason)} |`), '');
    if (report.nodeTaints.length > 0) lines.push('| taint | why |', '|---|---|', ...report.nodeTaints.map((t) => `| \`${t.key}=${t.value}:${t.effect}\` | ${escape(t.reason)} |`), '');
  }
  lines.push('## Workloads', '');
  for (const workload of report.workloads) {
    const open = workload.fields.filter((f) => f.status === 'unsupported' || f.status === 'approximated');
    const counts = FIELD_STATUSES.map((status) => `${workload.fields.filter((f) => f.status === status).length} ${status}`).join(', ');
    lines.push(`### ${workload.kind} \`${workload.id}\``, '', `From \`${workload.source}\`${workload.pointer === '$' ? '' : ` at \`${workload.pointer}\``}: ${counts}.`, '');
    lines.push(`Objects: ${workload.objects.map((o) => `${o.kind} \`${o.namespace ? `${o.namespace}/` : ''}${o.name}\``).join(', ')}.`, '');
    for (const remark of workload.remarks) lines.push(`- ${escape(remark)}`);
    if (workload.remarks.length > 0) lines.push('');
    if (open.length > 0) {
      lines.push('| field | status | note |', '|---|---|---|', ...open.map((f) => `| \`${f.path}\` | ${f.status} | ${escape(f.note)} |`), '');
    }
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
