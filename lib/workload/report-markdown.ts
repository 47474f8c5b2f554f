import { FIELD_STATUSES } from '../translate/notes';
import { MigrationReport } from './migration-report';
import { markdownCode as code, markdownText as text } from './markdown';
import { plural } from '../util/text';

/**
 * The report for people: totals, what must be done by hand (unsupported fields, approximations, secrets, node
 * labels), errors. Translated fields are counted, not listed; `migration-report.json` lists every field.
 * Every value that came from the input goes through `code` or `text` (markdown.ts): this file is posted as a
 * pull-request comment, and a definition must not be able to write Markdown or HTML into it.
 */
export function reportMarkdown(report: MigrationReport): string {
  return `${reportMarkdownLines(report).join('\n')}\n`;
}

/**
 * {@link reportMarkdown} in pieces of a thousand lines, the same bytes: the report of 10,000 apps is written without
 * ever being one string.
 */
export function* reportMarkdownPieces(report: MigrationReport): Generator<string> {
  const lines = reportMarkdownLines(report);
  for (let start = 0; start < lines.length; start += 1000) {
    yield `${lines.slice(start, start + 1000).join('\n')}\n`;
  }
}

function reportMarkdownLines(report: MigrationReport): string[] {
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
    ...Object.entries(summary.objects).map(([kind, count]) => `| ${text(kind)} | ${count} |`),
    '',
  );
  if (report.errors.length > 0) {
    lines.push(
      '## Errors',
      '',
      ...report.errors.map((e) => `- ${code(e.source, false)} ${code(e.path, false)}: ${text(e.message)}`),
      '',
    );
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
    lines.push(
      ...report.secrets.map(
        (s) =>
          `| ${code(s.namespace)} | ${code(s.name)} | ${code(s.key)} | ${text(s.type)} | ${s.origin === 'dcos-secret-store' ? 'DC/OS secret' : 'definition'} ${code(s.source)} |`,
      ),
      '',
    );
  }
  if (report.nodeLabels.length > 0 || report.nodeTaints.length > 0) {
    lines.push('## Node labels and taints the node groups need', '', '| label | values | why |', '|---|---|---|');
    lines.push(
      ...report.nodeLabels.map(
        (l) => `| ${code(l.key)} | ${l.values.map((value) => code(value)).join(', ') || '(any)'} | ${text(l.reason)} |`,
      ),
      '',
    );
    if (report.nodeTaints.length > 0) {
      lines.push(
        '| taint | why |',
        '|---|---|',
        ...report.nodeTaints.map((t) => `| ${code(`${t.key}=${t.value}:${t.effect}`)} | ${text(t.reason)} |`),
        '',
      );
    }
  }
  lines.push(...migrationInWaves(report));
  lines.push(...cuttingOverRoutes(report));
  lines.push('## Workloads', '');
  for (const workload of report.workloads) {
    const open = workload.fields.filter((f) => f.status === 'unsupported' || f.status === 'approximated');
    const counts = FIELD_STATUSES.map(
      (status) => `${workload.fields.filter((f) => f.status === status).length} ${status}`,
    ).join(', ');
    lines.push(
      `### ${workload.kind} ${code(workload.id, false)}`,
      '',
      `From ${code(workload.source, false)}${workload.pointer === '$' ? '' : ` at ${code(workload.pointer, false)}`}: ${counts}.`,
      '',
    );
    lines.push(
      // An autoscaler app (marathon-autoscale…) is not emitted: its field lines say why.
      workload.objects.length === 0
        ? 'Objects: none.'
        : `Objects: ${workload.objects.map((o) => `${o.kind} ${code(`${o.namespace ? `${o.namespace}/` : ''}${o.name}`, false)}`).join(', ')}.`,
      '',
    );
    for (const remark of workload.remarks) {
      lines.push(`- ${text(remark)}`);
    }
    if (workload.remarks.length > 0) {
      lines.push('');
    }
    if (open.length > 0) {
      lines.push(
        '| field | status | note |',
        '|---|---|---|',
        ...open.map((f) => `| ${code(f.path)} | ${f.status} | ${text(f.note)} |`),
        '',
      );
    }
  }
  return lines;
}

/** A converted selection: who is left on DC/OS, the references across the line, and the cut-over guide. */
function migrationInWaves(report: MigrationReport): string[] {
  if (!report.leftOnDcos) {
    return [];
  }
  const lines = [
    '## Migrating in waves',
    '',
    `This run converted a part of the estate; ${plural(report.leftOnDcos.length, 'definition')} stay on DC/OS${report.leftOnDcos.length > 0 ? `: ${report.leftOnDcos.map((d) => code(d.id, false)).join(', ')}` : ''}.`,
    '',
  ];
  const references = report.coexistence ?? [];
  if (references.length > 0) {
    lines.push(
      '### Coexistence',
      '',
      '| direction | from | to | name | where | how |',
      '|---|---|---|---|---|---|',
      ...references.map(
        (r) =>
          `| ${r.direction} | ${code(r.from)} | ${code(r.to)} | ${code(r.name)} | ${code(r.via)} | ${text(r.how)} |`,
      ),
      '',
    );
  }
  for (const step of report.cutover ?? []) {
    lines.push(`### Cut-over, wave ${step.wave}`, '');
    const list = (title: string, items: readonly string[]) => {
      if (items.length > 0) {
        lines.push(title, '', ...items.map((item) => `- ${item}`), '');
      }
    };
    list(
      'Deploy on EKS:',
      step.deploy.map((d) => `${code(d.id, false)}: ${code(d.file, false)}`),
    );
    list(
      'Move external traffic (public DNS names to the EKS load balancers):',
      step.moveExternalTraffic.map((id) => code(id, false)),
    );
    list(
      'Replace in Marathon by the forwarder (callers left on DC/OS reach EKS through it):',
      step.replaceInMarathon.map((r) => `${code(r.id, false)}: ${text(r.how)}`),
    );
    list(
      'Scale to 0 on DC/OS once checked (everything that calls them is on EKS now):',
      step.retireOnDcos.map((id) => code(id, false)),
    );
    list(
      'Keep running on DC/OS as well (called from DC/OS, no forwarder without a coexistence domain):',
      step.keepOnDcos.map((id) => code(id, false)),
    );
    list(
      'Check:',
      step.check.map((c) => text(c)),
    );
    list(
      'Roll back:',
      step.rollback.map((r) => text(r)),
    );
  }
  return lines;
}

/** A command of the route guide as it is, a step that is not one (deploy, then…) as a shell comment. */
function shellLine(step: string): string {
  return /^(aws|jq) /.test(step) ? step : `# ${step}`;
}

/**
 * The weighted cut-over of marathon-lb's routes (option `trafficCutover`). Hosts passed the Ingress host check (DNS
 * names, a leading `*` at most), so the commands, built from them, go into code blocks as they are.
 */
function cuttingOverRoutes(report: MigrationReport): string[] {
  const guide = report.routeCutover;
  if (!guide) {
    return [];
  }
  const lines = [
    '## Cutting over routes',
    '',
    `Each marathon-lb route in the public zone ${code(guide.zone, false)} is a Route 53 weighted pair: ${code('marathon-lb', false)} (made by CloudFormation, ${code('EksEnvironment', false)} ${code('trafficCutover', false)}) and ${code('eks', false)} (the ALB, written by ExternalDNS from the Ingress annotations). This run gives the ALBs ${guide.weight} % and marathon-lb ${100 - guide.weight} %. See docs/traffic-cutover.md.`,
    '',
    `The ${code('marathon-lb', false)} records are made by ${code('EksEnvironment({ trafficCutover })', false)} from the workloads delivered through it (${code('addWorkload', false)}), or, for these manifests applied with kubectl, from ${code('trafficCutover.routes', false)} (this report's ${code('routeCutover.routes', false)} in migration-report.json). Without one of the two, ExternalDNS writes a lone ${code('eks', false)} record, and a lone weighted record answers every query, whatever its weight.`,
    '',
  ];
  if (guide.routes.length === 0) {
    lines.push(
      `No Ingress host is in ${code(guide.zone, false)}: nothing moves by weight; move public names by hand.`,
      '',
    );
  } else {
    lines.push(
      '| host | workload | Ingress | ALB (eks) | marathon-lb |',
      '|---|---|---|---|---|',
      ...guide.routes.map(
        (r) =>
          `| ${code(r.host)} | ${code(r.workload)} | ${code(r.ingress)} | ${r.weight} % | ${r.marathonLbWeight} % |`,
      ),
      '',
    );
  }
  if (guide.outsideZone.length > 0) {
    lines.push(
      `Not in ${code(guide.zone, false)}, so not weighted: move these names to their ALB by hand: ${guide.outsideZone.map((h) => `${code(h.host, false)} (${code(h.workload, false)})`).join(', ')}.`,
      '',
    );
  }
  lines.push(
    '### Steps',
    '',
    ...guide.steps.map((step) => `- ALB ${step.alb} %, marathon-lb ${step.marathonLb} %: ${text(step.how)}`),
    '',
    '### Before the first deploy: a record that exists already',
    '',
    'Route 53 cannot turn a simple record into a weighted one (external-dns #3141: "cannot be created as a non-weighted set exists with the same name and type"). For each route, list its records without a set identifier; if the pre-check prints an A record, hand it over in one change batch (the simple record out, a weighted stand-in `marathon-lb-handover` with weight 100 and the same values in), deploy, then delete the stand-in as Route 53 lists it then (the deploy gives it the TTL of its group). A CNAME of the name cannot stay beside the A records: replace it by an A or alias record first. Every command below takes the zone ID from the shell variable `ZONE_ID` (or set it to the `hostedZoneId` of `EksEnvironment` `trafficCutover.zone`):',
    '',
    '```sh',
    guide.zoneId,
    '```',
    '',
  );
  for (const route of guide.routes) {
    lines.push(
      `#### ${code(route.host, false)}`,
      '',
      '```sh',
      `# pre-check`,
      route.precheck,
      `# handover, only if the pre-check printed an A record`,
      ...route.handover.map(shellLine),
      '# leaving the cut-over: both records stay (Roll back, below); once the route is on EKS for good (weight 100)',
      ...route.removeMarathonLb.map(shellLine),
      '# or, once it is back on marathon-lb for good (weight 0)',
      ...route.removeEks.map(shellLine),
      '```',
      '',
      'The change batch:',
      '',
      '```json',
      JSON.stringify(route.changeBatch, null, 2),
      '```',
      '',
    );
  }
  const list = (title: string, items: readonly string[]) => [
    `### ${title}`,
    '',
    ...items.map((i) => `- ${text(i)}`),
    '',
  ];
  lines.push(...list('Watch', guide.watch), ...list('Health', guide.health), ...list('Roll back', guide.rollback));
  return lines;
}
