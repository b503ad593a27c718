/** online/cli/session-dir.ts: `receive` and `show` take --session DIR as `request` does; the lone directory argument still works. */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../protocol/cli/parse.ts';
import { receiveCommand } from '../../../online/cli/commands/receive.ts';
import { showCommand } from '../../../online/cli/commands/show.ts';
import { sessionDir } from '../../../online/cli/session-dir.ts';

describe('the session directory of receive and show', () => {
  it.each([receiveCommand, showCommand])('$name takes --session DIR, and the directory as its argument', (command) => {
    const named = parseCommandLine(command, ['--session', 'work']);
    expect(sessionDir(named.options, named.positionals)).toBe('work');
    const old = parseCommandLine(command, ['work']);
    expect(sessionDir(old.options, old.positionals)).toBe('work');
  });

  it('refuses two different directories, and none', () => {
    expect(() => sessionDir({ session: 'a' }, ['b'])).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(sessionDir({ session: 'a' }, ['a'])).toBe('a');
    expect(() => sessionDir({}, [])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});
