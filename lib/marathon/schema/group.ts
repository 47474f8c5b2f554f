import { z } from 'zod';
import { double, pathId } from './primitives';

/**
 * `group.GroupUpdate` / `GroupInfo`: the group's own fields. Its apps, pods and groups are validated one by one
 * as definitions of their own, so one bad app never hides the others.
 */
export const groupSchema = z.strictObject({
  id: pathId(),
  apps: z.array(z.unknown()).optional(),
  pods: z.array(z.unknown()).optional(),
  groups: z.array(z.unknown()).optional(),
  dependencies: z.array(pathId()).optional(),
  enforceRole: z.boolean().optional(),
  scaleBy: double().min(0).optional(),
  version: z.string().optional(),
});

export type GroupInput = z.input<typeof groupSchema>;
