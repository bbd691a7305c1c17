import { execFile } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The text of a PDF as a reader's "select all, copy" gives it, page count included, extracted by
 * pdf-parse (pdf.js). It runs in a child Node process: pdf.js loads its worker with a dynamic
 * import(), which Jest's CommonJS sandbox refuses.
 */
export function pdfText(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const script = `
    const { PDFParse } = require('pdf-parse');
    const chunks = [];
    process.stdin.on('data', (c) => chunks.push(c));
    process.stdin.on('end', async () => {
      const parser = new PDFParse({ data: Buffer.concat(chunks) });
      const r = await parser.getText();
      await parser.destroy();
      process.stdout.write(JSON.stringify({ text: r.text, pages: r.total }));
    });`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pdf-parse failed: ${stderr || err.message}`));
      resolve(JSON.parse(stdout) as { text: string; pages: number });
    });
    child.stdin!.end(pdf);
  });
}
