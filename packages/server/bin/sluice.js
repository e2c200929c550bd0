#!/usr/bin/env node
// The `sluice` command: a thin wrapper around main() from the compiled CLI in dist/.
import { main } from '../dist/cli/main.js';

// Exit explicitly once stdout and stderr have flushed: a timer or socket left behind must not
// keep a finished run alive, and exiting before the flush would cut off piped output.
function exitWith(code) {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || stream.writableEnded) done();
    else stream.write('', done);
  }
}

main(process.argv.slice(2)).then(exitWith, (err) => {
  console.error(err instanceof Error ? err.stack : err);
  exitWith(1);
});
