import type { z } from 'zod';
import type { FieldIssue } from '../core/errors';

export const fieldIssues = (error: z.ZodError, prefix = ''): FieldIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: issue.message,
  }));
