import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportTable } from '../../../domain/exports/export-table';
import { writeCsvExport } from '../../../exports/csv-export-writer';
import { writeXlsxExport } from '../../../exports/xlsx-export-writer';

/** The two writers of the exports on a table of every kind of cell, their output opened back. */
interface Row {
  name: string;
  count: number;
  cents: number | null;
  day: string | null;
  at: string;
}
const table: ExportTable<Row> = {
  sheet: 'Essai',
  fileName: 'essai',
  columns: [
    { header: 'Nom', kind: 'text', width: 20, value: (r) => r.name },
    { header: 'Nombre', kind: 'integer', width: 8, value: (r) => r.count },
    { header: 'Montant', kind: 'euros', width: 12, value: (r) => r.cents },
    { header: 'Jour', kind: 'date', width: 12, value: (r) => r.day },
    { header: 'Instant', kind: 'instant', width: 16, value: (r) => r.at },
  ],
};
const rows: Row[] = [
  { name: 'Commune de Sainte-Anne ; « 1 »', count: 3, cents: 1_400_000, day: '2022-05-20', at: '2026-12-31T23:30:00Z' },
  { name: '=1+1', count: 0, cents: null, day: null, at: '2026-07-14T12:00:00Z' },
];
async function* sources(): AsyncGenerator<Row> {
  yield* rows;
}

async function written(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await write(out);
  await ended;
  return Buffer.concat(chunks);
}

describe('export writers', () => {
  it('writes the French CSV: BOM, headers, one CRLF-ended record per row', async () => {
    const csv = await written((out) => writeCsvExport(table, sources(), out));
    expect(csv.toString('utf8')).toBe(
      '\ufeffNom;Nombre;Montant;Jour;Instant\r\n' + '"Commune de Sainte-Anne ; « 1 »";3;14000,00;20/05/2022;01/01/2027 00:30\r\n' + "'=1+1;0;;;14/07/2026 14:00\r\n",
    );
  });

  it('writes one sheet of typed cells, the header row frozen', async () => {
    const xlsx = await written((out) => writeXlsxExport(table, sources(), out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Essai')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Nom', 'Nombre', 'Montant', 'Jour', 'Instant']);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe('Commune de Sainte-Anne ; « 1 »');
    expect(first.getCell(2)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 3 });
    expect(first.getCell(3)).toMatchObject({ type: ExcelJS.ValueType.Number, value: 14000, numFmt: '#,##0.00 "€"' });
    expect(first.getCell(4)).toMatchObject({ type: ExcelJS.ValueType.Date, value: new Date('2022-05-20T00:00:00Z'), numFmt: 'dd/mm/yyyy' });
    // The wall clock of Paris, as a spreadsheet's zoneless date-time.
    expect(first.getCell(5)).toMatchObject({ type: ExcelJS.ValueType.Date, value: new Date('2027-01-01T00:30:00Z'), numFmt: 'dd/mm/yyyy hh:mm' });
    const second = sheet.getRow(3);
    // A workbook's string cell is never a formula: the text is kept as typed.
    expect(second.getCell(1)).toMatchObject({ type: ExcelJS.ValueType.String, value: '=1+1' });
    expect(second.getCell(3).type).toBe(ExcelJS.ValueType.Null);
    expect(second.getCell(5).value).toEqual(new Date('2026-07-14T14:00:00Z'));
    expect(sheet.rowCount).toBe(3);
  });
});
