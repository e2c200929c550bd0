import { Writable } from 'node:stream';
import type { ChangeBatch, ResultColumn } from '@sluice/engine';
import { listOf, T } from '@sluice/sql';
import { describe, expect, it } from 'vitest';
import { OutputChannel } from './cli-io.js';
import { csvField } from './csv-printer.js';
import { createResultPrinter, type PrinterChannels } from './result-printer.js';
import type { OutputFormat } from './cli-args.js';

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

function setup(format: OutputFormat) {
  const out = collector();
  const err = collector();
  const channels: PrinterChannels = { data: new OutputChannel(out.stream), messages: new OutputChannel(err.stream) };
  return { printer: createResultPrinter(format, channels), stdout: out.text, stderr: err.text };
}

const columns: ResultColumn[] = [
  { name: 'auction', type: T.bigint },
  { name: 'bidder', type: T.varchar },
  { name: 'at', type: T.timestamp },
];
// 2024-05-01 12:00:10.5 UTC
const at = Date.UTC(2024, 4, 1, 12, 0, 10) * 1000 + 500_000;
const rows = [
  [1n, 'ann', at],
  [9007199254740993n, null, null],
];
const batch: ChangeBatch = {
  batchId: 3,
  watermarkUs: Date.UTC(2024, 4, 1, 12, 0, 0) * 1000,
  changes: [
    { op: '+', values: [7n, 'bo', at] },
    { op: '-', values: [1n, 'ann', at] },
  ],
};

describe('table printer', () => {
  it('prints rows as a psql table with a row count, and tags on stdout', async () => {
    const { printer, stdout, stderr } = setup('table');
    await printer.rows(columns, rows);
    await printer.command('INSERT 0 3');
    expect(stdout()).toBe(
      [
        '     auction      | bidder |          at',
        '------------------+--------+-----------------------',
        '                1 | ann    | 2024-05-01 12:00:10.5',
        ' 9007199254740993 |        |',
        '(2 rows)',
        '',
        'INSERT 0 3',
        '',
      ].join('\n'),
    );
    expect(stderr()).toBe('');
  });

  it('prints each stream batch as a small table with an op column', async () => {
    const { printer, stdout } = setup('table');
    await printer.streamStart(columns);
    await printer.streamBatch(columns, batch);
    await printer.streamBatch(columns, { batchId: 4, watermarkUs: null, changes: [] });
    expect(stdout()).toBe(
      [
        ' op | auction | bidder |          at',
        '----+---------+--------+-----------------------',
        ' +  |       7 | bo     | 2024-05-01 12:00:10.5',
        ' -  |       1 | ann    | 2024-05-01 12:00:10.5',
        '(batch 3: 2 changes, watermark 2024-05-01 12:00:00)',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('jsonl printer', () => {
  it('prints one object per row; tags go to stderr', async () => {
    const { printer, stdout, stderr } = setup('jsonl');
    await printer.rows(columns, rows);
    await printer.command('CREATE_SOURCE');
    expect(stdout()).toBe(
      '{"auction":1,"bidder":"ann","at":"2024-05-01 12:00:10.5"}\n' +
        '{"auction":"9007199254740993","bidder":null,"at":null}\n',
    );
    expect(stderr()).toBe('CREATE_SOURCE\n');
  });

  it('prints one line per change with op and row', async () => {
    const { printer, stdout } = setup('jsonl');
    await printer.streamStart(columns);
    await printer.streamBatch(columns, batch);
    expect(stdout()).toBe(
      '{"op":"+","row":{"auction":7,"bidder":"bo","at":"2024-05-01 12:00:10.5"}}\n' +
        '{"op":"-","row":{"auction":1,"bidder":"ann","at":"2024-05-01 12:00:10.5"}}\n',
    );
  });

  it('keeps every value when column names repeat, and arrays as arrays', async () => {
    const { printer, stdout } = setup('jsonl');
    await printer.rows(
      [{ name: 'id', type: T.int }, { name: 'id', type: T.int }, { name: 'tags', type: listOf(T.varchar) }],
      [[1, 2, ['a', null]]],
    );
    expect(stdout()).toBe('{"id":1,"id_2":2,"tags":["a",null]}\n');
  });
});

describe('csv printer', () => {
  it('quotes as RFC 4180 asks and tells NULL from the empty string', async () => {
    const { printer, stdout, stderr } = setup('csv');
    await printer.rows(
      [{ name: 'note', type: T.varchar }, { name: 'n', type: T.int }],
      [['plain', 1], ['a,b', 2], ['say "hi"', 3], ['two\nlines', 4], ['', 5], [null, null]],
    );
    await printer.command('FLUSH');
    expect(stdout()).toBe('note,n\nplain,1\n"a,b",2\n"say ""hi""",3\n"two\nlines",4\n"",5\n,\n');
    expect(stderr()).toBe('FLUSH\n');
  });

  it('puts the op column first in a stream, header once', async () => {
    const { printer, stdout } = setup('csv');
    await printer.streamStart(columns);
    await printer.streamBatch(columns, batch);
    await printer.streamBatch(columns, { ...batch, batchId: 4, changes: [{ op: '+', values: [8n, 'x', null] }] });
    expect(stdout()).toBe('op,auction,bidder,at\n+,7,bo,2024-05-01 12:00:10.5\n-,1,ann,2024-05-01 12:00:10.5\n+,8,x,\n');
  });

  it('quotes a carriage return too', () => {
    expect(csvField('a\rb')).toBe('"a\rb"');
    expect(csvField(null)).toBe('');
  });
});
