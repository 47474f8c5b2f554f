import { JsonPath } from '../util/json-path';

/** How an input field fared: see docs/marathon-mapping.md. */
export type FieldStatus = 'translated' | 'approximated' | 'unsupported' | 'ignored';

export const FIELD_STATUSES: readonly FieldStatus[] = ['translated', 'approximated', 'unsupported', 'ignored'];

/** What a translator says about a field of the normalized definition (and everything beneath it). */
export interface FieldNote {
  readonly path: JsonPath;
  readonly status: FieldStatus;
  readonly note: string;
}

/** Collects what translators say about fields, by normalized path, and about the definition as a whole. */
export class Notes {
  readonly entries: FieldNote[] = [];
  /** Things to know that no single input field carries (e.g. "no image: runs in debian"). */
  readonly remarks: string[] = [];

  remark(text: string): void {
    this.remarks.push(text);
  }

  translated(path: JsonPath, note: string): void {
    this.entries.push({ path, status: 'translated', note });
  }
  approximated(path: JsonPath, note: string): void {
    this.entries.push({ path, status: 'approximated', note });
  }
  unsupported(path: JsonPath, note: string): void {
    this.entries.push({ path, status: 'unsupported', note });
  }
  ignored(path: JsonPath, note: string): void {
    this.entries.push({ path, status: 'ignored', note });
  }

  /** Takes over what was said elsewhere about this definition (its ports, decided with the whole estate). */
  include(other: Notes): void {
    this.entries.push(...other.entries);
    this.remarks.push(...other.remarks);
  }
}
