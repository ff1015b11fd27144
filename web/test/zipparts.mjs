// A workbook's parts, inflated, by name: enough of the zip format to
// compare two workbooks part by part (Node's zlib does the inflating).
import { inflateRawSync } from "node:zlib";

export function parts(buffer) {
  const b = Buffer.from(buffer);
  let eocd = b.length - 22;
  while (eocd >= 0 && b.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error("not a zip");
  const count = b.readUInt16LE(eocd + 10);
  let at = b.readUInt32LE(eocd + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    if (b.readUInt32LE(at) !== 0x02014b50) throw new Error("bad central directory");
    const method = b.readUInt16LE(at + 10);
    const compressed = b.readUInt32LE(at + 20);
    const size = b.readUInt32LE(at + 24);
    const nameLen = b.readUInt16LE(at + 28);
    const extraLen = b.readUInt16LE(at + 30);
    const commentLen = b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString("utf8", at + 46, at + 46 + nameLen);
    const lName = b.readUInt16LE(local + 26);
    const lExtra = b.readUInt16LE(local + 28);
    const start = local + 30 + lName + lExtra;
    const data = b.subarray(start, start + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    if (method !== 8 && out.get(name).length !== size) throw new Error("stored size differs: " + name);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/// The creation and modification times in docProps/core.xml, taken out:
/// the one thing two runs at different moments may differ in.
function masked(name, bytes) {
  if (name !== "docProps/core.xml") return bytes;
  return Buffer.from(
    bytes.toString("utf8").replace(/(<dcterms:(created|modified)[^>]*>)[^<]*/g, "$1TIME")
  );
}

/// The names of the parts that differ between two workbooks (the time
/// stamps aside); empty when they are the same part by part.
export function differingParts(a, b) {
  const pa = parts(a);
  const pb = parts(b);
  const names = new Set([...pa.keys(), ...pb.keys()]);
  const out = [];
  for (const n of [...names].sort()) {
    const x = pa.get(n);
    const y = pb.get(n);
    if (!x || !y || !masked(n, x).equals(masked(n, y))) out.push(n);
  }
  return out;
}
