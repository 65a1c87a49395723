// A document as an HTML page ready to print: A4, margins as an official letter has them, a Chinese serif
// face, no script (the page is printed with the browser's own Print). Every text is escaped.
import type { PrintDocument } from './model';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Line breaks the writer typed stay line breaks. */
const paragraphs = (text: string) => text.split(/\r?\n/).map((line) => escape(line)).join('<br>');

const STYLE = `
@page { size: A4; margin: 25mm 26mm 28mm 26mm; }
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", SimSun, serif; color: #000; font-size: 12pt; line-height: 1.9; }
.page { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 25mm 26mm 28mm; background: #fff; box-shadow: 0 0 4mm rgba(0,0,0,.15); }
.organisation { text-align: center; font-size: 14pt; letter-spacing: .2em; margin: 0; }
h1 { text-align: center; font-size: 22pt; font-weight: bold; letter-spacing: .3em; margin: 4mm 0 2mm; }
.number { text-align: right; font-size: 10.5pt; margin: 0 0 8mm; }
.addressee { margin: 0; }
p.body { text-indent: 2em; margin: 0; }
h2 { font-size: 12pt; font-weight: bold; margin: 4mm 0 0; }
table.fields { border-collapse: collapse; margin: 6mm 0 0; width: 100%; font-size: 10.5pt; }
table.fields th, table.fields td { border: 0.3mm solid #000; padding: 1.5mm 3mm; text-align: left; vertical-align: top; }
table.fields th { width: 28mm; font-weight: normal; white-space: nowrap; }
.signature { margin: 16mm 0 0 auto; width: 70mm; text-align: center; }
.signature p { margin: 0; }
.footer { margin-top: 12mm; padding-top: 3mm; border-top: 0.3mm solid #000; font-size: 10pt; }
@media print { html { background: none; } .page { margin: 0; padding: 0; width: auto; min-height: 0; box-shadow: none; } }
`;

export function documentHtml(d: PrintDocument): string {
  const blocks = d.blocks.map((b) => {
    if (b.type === 'paragraph') return `<p class="body">${paragraphs(b.text)}</p>`;
    if (b.type === 'section') return `<h2>${escape(b.heading)}</h2><p class="body">${paragraphs(b.text)}</p>`;
    return `<table class="fields">${b.rows.map(([k, v]) => `<tr><th scope="row">${escape(k)}</th><td>${escape(v)}</td></tr>`).join('')}</table>`;
  }).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(d.title)} · ${escape(d.queryCode)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="page">
<p class="organisation">${escape(d.organisation)}</p>
<h1>${escape(d.title)}</h1>
<p class="number">查询码：${escape(d.queryCode)}</p>
<p class="addressee">${escape(d.addressee)}</p>
${blocks}
<div class="signature"><p>${escape(d.signature.unit)}</p><p>${escape(d.signature.date)}</p></div>
${d.footer ? `<p class="footer">${escape(d.footer)}</p>` : ''}
</main>
</body>
</html>
`;
}
