import type { FieldIssue } from '#core/errors';
import type * as z from '#core/zod';

export const fieldIssues = (error: z.core.$ZodError, prefix = ''): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
