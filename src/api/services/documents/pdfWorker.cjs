// Draws a document model (./model.ts) as an A4 PDF with pdfkit and a CJK font, on a worker thread: laying
// out and subsetting a CJK font takes about a second of CPU, which must not stall the API's event loop.
// Plain CommonJS so that any runtime (tsx, jest, node) can start it. Messages: { id, doc, font } in,
// { id, pdf } or { id, error } out. The font is read once per file.
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const PDFDocument = require('pdfkit');

const fonts = new Map();
const fontBytes = (file) => {
  if (!fonts.has(file)) fonts.set(file, fs.readFileSync(file));
  return fonts.get(file);
};

const MM = 72 / 25.4;

function render(d, font) {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 25 * MM, bottom: 28 * MM, left: 26 * MM, right: 26 * MM },
      info: { Title: `${d.title} ${d.queryCode}`, Author: d.organisation, Subject: d.title },
      lang: 'zh-CN',
    });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', fontBytes(font.regular.file), font.regular.name);
    doc.registerFont('bold', fontBytes(font.bold.file), font.bold.name);
    const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
    const indent = 24; // two characters at 12 pt

    doc.font('body').fontSize(14).text(d.organisation, { align: 'center', characterSpacing: 2 });
    doc.moveDown(0.3).font('bold').fontSize(22).text(d.title, { align: 'center', characterSpacing: 6 });
    doc.moveDown(0.2).font('body').fontSize(10.5).text(`查询码：${d.queryCode}`, { align: 'right' });
    doc.moveDown(1.2).fontSize(12).text(d.addressee, { lineGap: 6 });
    for (const b of d.blocks) {
      if (b.type === 'paragraph') doc.font('body').fontSize(12).text(b.text, { indent, lineGap: 6 });
      if (b.type === 'section') {
        doc.moveDown(0.4).font('bold').fontSize(12).text(b.heading, { lineGap: 4 });
        doc.font('body').text(b.text, { indent, lineGap: 6 });
      }
      if (b.type === 'fields') {
        doc.moveDown(0.8).fontSize(10.5);
        for (const [k, v] of b.rows) {
          const y = doc.y;
          doc.font('bold').text(k, doc.page.margins.left, y, { width: 80 });
          doc.font('body').text(v, doc.page.margins.left + 86, y, { width: width - 86 });
          doc.moveDown(0.3);
        }
        doc.x = doc.page.margins.left;
      }
    }
    doc.moveDown(3).font('body').fontSize(12);
    doc.text(d.signature.unit, { align: 'right' });
    doc.text(d.signature.date, { align: 'right' });
    if (d.footer) doc.moveDown(2).fontSize(10).text(d.footer, { width });
    doc.end();
  });
}

parentPort.on('message', ({ id, doc, font }) => {
  render(doc, font).then(
    (pdf) => parentPort.postMessage({ id, pdf }),
    (err) => parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) }),
  );
});
