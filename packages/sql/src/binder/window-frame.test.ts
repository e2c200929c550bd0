import { expect, test } from 'vitest';
import { SqlError } from '../errors.js';
import { formatFrame } from '../explain/explain-window.js';
import { parseFrame } from './window-frame.js';

const frame = (text: string): string => formatFrame(parseFrame(text, undefined));
const error = (text: string): string => {
  try {
    parseFrame(text, undefined);
  } catch (e) {
    if (e instanceof SqlError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
};

test('ROWS and RANGE frames, the short form, intervals in µs, EXCLUDE', () => {
  expect(frame('ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING')).toBe('ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING');
  expect(frame('rows unbounded preceding')).toBe('ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
  expect(frame('RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING')).toBe('RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING');
  expect(frame("RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW")).toBe('RANGE BETWEEN 60000000 PRECEDING AND CURRENT ROW');
  expect(frame("range between interval '2 seconds' preceding and current row")).toBe('RANGE BETWEEN 2000000 PRECEDING AND CURRENT ROW');
  expect(frame('ROWS 2 PRECEDING EXCLUDE CURRENT ROW')).toBe('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW');
  expect(frame('ROWS 2 PRECEDING EXCLUDE NO OTHERS')).toBe('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW');
});

test('SESSION frames: a gap as an interval (quoted or with INTERVAL) or a number', () => {
  expect(frame("SESSION WITH GAP '10 minutes'")).toBe('SESSION WITH GAP 600000000');
  expect(frame("session with gap interval '1' second")).toBe('SESSION WITH GAP 1000000');
  expect(frame('SESSION WITH GAP 5')).toBe('SESSION WITH GAP 5');
  expect(error('SESSION WITH GAP 0')).toBe("invalid-window-frame: invalid window frame 'SESSION WITH GAP 0': the gap must be positive");
  expect(error("SESSION '10 minutes'")).toBe("invalid-window-frame: invalid window frame 'SESSION '10 minutes'': expected SESSION WITH GAP");
  expect(error('SESSION WITH GAP 5 EXCLUDE CURRENT ROW')).toBe("invalid-window-frame: invalid window frame 'SESSION WITH GAP 5 EXCLUDE CURRENT ROW': a session frame takes no EXCLUDE");
});

test('frames that cannot be', () => {
  expect(error('ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW')).toBe("invalid-window-frame: invalid window frame 'ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW': the frame cannot start at UNBOUNDED FOLLOWING");
  expect(error('ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW')).toBe("invalid-window-frame: invalid window frame 'ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW': the frame ends before it starts");
  expect(error('ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW')).toBe("invalid-window-frame: invalid window frame 'ROWS BETWEEN 1.5 PRECEDING AND CURRENT ROW': a ROWS offset must be an integer");
  expect(error('ROWS BETWEEN -1 PRECEDING AND CURRENT ROW')).toBe("invalid-window-frame: invalid window frame 'ROWS BETWEEN -1 PRECEDING AND CURRENT ROW': the offset must be a non-negative constant");
  expect(error('GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW')).toBe('unsupported-feature: not supported yet: GROUPS window frames');
  expect(error('ROWS 1 PRECEDING EXCLUDE TIES')).toBe('unsupported-feature: not supported yet: EXCLUDE TIES in window frames');
});
