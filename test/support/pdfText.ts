// Reads back the text of a PDF that pdfkit wrote (Type0 fonts with a ToUnicode map, hex glyph strings in
// TJ arrays): enough to assert what a generated document says, without a PDF library in the tests.
import zlib from 'node:zlib';

interface PdfObject { dict: string; stream?: Buffer }

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    if (s < 0) { out.set(Number(m[1]), { dict: body }); continue; }
    const dataStart = start + s + 'stream'.length + (text[start + s + 6] === '\r' ? 2 : 1);
    const dataEnd = text.lastIndexOf('endstream', end);
    let data = pdf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(body.slice(0, s))) data = zlib.inflateSync(data);
    out.set(Number(m[1]), { dict: body.slice(0, s), stream: data });
  }
  return out;
}

/** glyph id -> text, from a ToUnicode CMap (bfchar and bfrange, both range forms). */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (h: string) => String.fromCharCode(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(line[1]!, 16);
      const to = parseInt(line[2]!, 16);
      if (line[3]!.startsWith('[')) {
        [...line[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((u, i) => map.set(from + i, hexText(u[1]!)));
      } else {
        const base = parseInt(line[3]!.slice(1, -1), 16);
        for (let g = from; g <= to; g++) map.set(g, String.fromCharCode(base + g - from));
      }
    }
  }
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(line[1]!, 16), hexText(line[2]!));
  }
  return map;
}

/** The text of every page, runs joined as they are drawn (a line's runs without spaces between them). */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const ref = (dict: string, key: string) => Number(new RegExp(`/${key} (\\d+) 0 R`).exec(dict)?.[1]);
  // Font resource names (/F1 …) to their ToUnicode maps, from every page's resources.
  const fonts = new Map<string, Map<number, string>>();
  for (const { dict } of objs.values()) {
    const inline = /\/Font\s*<<([^>]*)>>/.exec(dict)?.[1];
    if (!inline) continue;
    for (const [, name, id] of inline.matchAll(/\/(\w+) (\d+) 0 R/g)) {
      const font = objs.get(Number(id));
      const cmap = font && objs.get(ref(font.dict, 'ToUnicode'))?.stream;
      if (cmap) fonts.set(name!, toUnicode(cmap.toString('latin1')));
    }
  }
  const parts: string[] = [];
  for (const { dict, stream } of objs.values()) {
    if (!stream || /\/Subtype|CIDInit/.test(dict) || stream.toString('latin1').includes('begincmap')) continue;
    let font: Map<number, string> | undefined;
    for (const op of stream.toString('latin1').matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1]) { font = fonts.get(op[1]); continue; }
      const hex = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('') : op[3]!;
      parts.push((hex.match(/.{4}/g) ?? []).map((g) => font?.get(parseInt(g, 16)) ?? '\uFFFD').join(''));
    }
  }
  return parts.join('\n');
}
