/**
 * Random command payloads of the sample domain, for the property that each view matches its schema
 * (test/support/viewSchemaSpec.ts). A few ids are reused, so that completions, removals and renames
 * find what they act on; some payloads break their schema and are dropped like a refused request.
 */
import fc from 'fast-check';

const todoId = fc.constantFrom('t1', 't2', 't3');
const text = fc.string({ minLength: 0, maxLength: 20 });

export const todoListPayloads = {
  CreateTodoList: fc.record({ title: text }),
  RenameTodoList: fc.record({ title: text }),
  // Without a priority, with each one, and with one the schema refuses.
  AddTodo: fc.record(
    { todoId, text, priority: fc.constantFrom('low', 'normal', 'high', 'urgent') },
    { requiredKeys: ['todoId', 'text'] },
  ),
  CompleteTodo: fc.record({ todoId }),
  ReopenTodo: fc.record({ todoId }),
  RemoveTodo: fc.record({ todoId }),
  ArchiveTodoList: fc.constant({}),
};

export const userPayloads = {
  RegisterUser: fc.record({ name: text, email: fc.emailAddress() }),
  RenameUser: fc.record({ name: text }),
};

// Small amounts beside large ones, so that some debits pass and some are refused.
const amount = fc.oneof(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 100_000_000_000 }));

export const bankAccountPayloads = {
  OpenAccount: fc.record({ owner: text }),
  Credit: fc.record({ amount }),
  Debit: fc.record({ amount }),
};
