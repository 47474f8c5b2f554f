import { JsonPath } from '../../util/json-path';
import { IgnoredKind, ProvenanceRecorder } from '../provenance';
import { Finding, info, warning } from '../validate/finding';

/** What a normalizer needs besides its input: where to record provenance and notes. */
export class NormalizeContext {
  readonly recorder = new ProvenanceRecorder();
  readonly findings: Finding[] = [];

  /** Records a legacy form converted to its modern equivalent (shown with --verbose). */
  converted(from: JsonPath, to: JsonPath, note: string): void {
    this.recorder.move(from, to);
    this.findings.push(info(from, 'legacy-converted', note));
  }

  /** Records a field that has no place in the normalized model. */
  ignore(path: JsonPath, kind: IgnoredKind, reason: string, visible = kind !== 'status' && kind !== 'null'): void {
    this.recorder.ignore(path, kind, reason);
    if (visible) {
      this.findings.push(
        kind === 'unused' || kind === 'superseded'
          ? warning(path, `ignored-${kind}`, reason)
          : info(path, `ignored-${kind}`, reason),
      );
    }
  }
}
