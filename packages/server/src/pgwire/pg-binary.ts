/**
 * Parameters sent in binary format (Bind format code 1), decoded to their text form so they
 * can be substituted like text parameters. Covers the fixed-size types drivers send in binary;
 * anything else is refused with `binary-format-not-supported`.
 */
import { EngineError } from '@sluice/engine';
import { OID } from './pg-types.js';

/** The text form of binary parameter `n` (1-based) declared with `oid`. */
export function decodeBinaryParam(bytes: Buffer, oid: number, n: number): string {
  switch (oid) {
    case OID.bool: return bytes[0] ? 'true' : 'false';
    case OID.int2: return String(bytes.readInt16BE(0));
    case OID.int4: case OID.oid: return String(bytes.readInt32BE(0));
    case OID.int8: return bytes.readBigInt64BE(0).toString();
    case OID.float4: return String(bytes.readFloatBE(0));
    case OID.float8: return String(bytes.readDoubleBE(0));
    case OID.text: case OID.varchar: case OID.bpchar: case OID.unknown: return bytes.toString('utf8');
    case OID.jsonb: return bytes.subarray(1).toString('utf8'); // a version byte, then the JSON text
    case OID.json: return bytes.toString('utf8');
    default:
      throw new EngineError('binary-format-not-supported', `parameter $${n} is in binary format with type OID ${oid}, which this server reads only as text`, 'user', {
        hint: 'send parameters in text format',
      });
  }
}
