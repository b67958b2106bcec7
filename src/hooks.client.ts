/**
 * zod 4 probes whether it may compile validators with `new Function` on first use; under our
 * CSP (no 'unsafe-eval') that probe is a CSP violation in every page's console. Jitless mode
 * skips the probe and validates by interpretation (the client's schemas are small).
 */
import { z } from 'zod';

z.config({ jitless: true });
