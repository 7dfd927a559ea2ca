import { describe, expect, it } from 'vitest';
import { processSpec } from '../../../test/support/processSpec';
import { ARCHIVE_DEADLINE, archiveProcess } from './archiveProcess';
import type { TodoListEvent } from './events';

const { given } = processSpec(archiveProcess('PT2S'), 'list-1');
const created: TodoListEvent = { type: 'TodoListCreated', data: { title: 'Groceries', createdAt: '' } };
const added = (todoId: string): TodoListEvent => ({
  type: 'TodoAdded',
  data: { todoId, text: todoId, priority: 'normal' },
});
const done = (todoId: string): TodoListEvent => ({ type: 'TodoCompleted', data: { todoId } });
const schedule = [{ name: ARCHIVE_DEADLINE, after: 'PT2S' }];

describe('archive when done', () => {
  it('schedules archiving when the last open todo is done, not before', () => {
    given([created, added('a'), added('b')])
      .when(done('a'))
      .then();
    given([created, added('a'), added('b'), done('a')])
      .when(done('b'))
      .then({ schedule });
  });

  it('needs at least one todo: a list without any is never scheduled', () => {
    given([created])
      .when({ type: 'TodoListRenamed', data: { title: 'x' } })
      .then();
    given([created, added('a')])
      .when({ type: 'TodoRemoved', data: { todoId: 'a' } })
      .then();
  });

  it('cancels when a todo is added or reopened before it fires, and schedules again when all are done', () => {
    const allDone = [created, added('a'), done('a')];
    given(allDone)
      .when(added('b'))
      .then({ cancel: [ARCHIVE_DEADLINE] });
    given(allDone)
      .when({ type: 'TodoReopened', data: { todoId: 'a' } })
      .then({ cancel: [ARCHIVE_DEADLINE] });
    given([...allDone, added('b')])
      .when(done('b'))
      .then({ schedule });
  });

  it('schedules when removing the last open todo leaves only done ones', () => {
    given([created, added('a'), added('b'), done('a')])
      .when({ type: 'TodoRemoved', data: { todoId: 'b' } })
      .then({ schedule });
  });

  it('sends ArchiveTodoList for its list when the deadline fires', () => {
    given([created, added('a'), done('a')])
      .whenDeadline(ARCHIVE_DEADLINE)
      .then({ commands: [{ type: 'ArchiveTodoList', aggregateId: 'list-1', payload: {} }] });
  });

  it('does nothing more once the list is archived (by hand, or by it)', () => {
    const spec = given([created, added('a'), done('a'), { type: 'TodoListArchived', data: { archivedAt: '' } }]);
    expect(spec.pending()).toEqual([]);
    given([created, added('a'), done('a')])
      .when({ type: 'TodoListArchived', data: { archivedAt: '' } })
      .then({ cancel: [ARCHIVE_DEADLINE] });
  });

  it('refuses a delay that is no fixed duration when it is defined', () => {
    expect(() =>
      given([created, added('a')])
        .when(done('a'))
        .then({ schedule }),
    ).not.toThrow();
    const monthly = processSpec(archiveProcess('P1M'), 'list-1').given([created, added('a')]);
    expect(() => monthly.when(done('a')).then()).toThrow(RangeError);
  });
});
