import { z } from 'zod';

/**
 * `mesosCommand.MesosCommand`: a shell command line or an argv vector. Both keys are accepted here so that
 * "both given" and "neither given" are reported by the rules with a precise message.
 */
export const mesosCommand = () =>
  z.strictObject({
    shell: z.string().min(1).optional(),
    argv: z.array(z.string()).min(1).optional(),
  });
