// The export switch the list, the board and the statistics share.
import { z } from 'zod';

export const CsvFormatParam = z.enum(['json', 'csv']).optional().meta({
  description: 'csv: the answer as a CSV file for a spreadsheet (UTF-8 with BOM; every page of a list); json (default). Accept: text/csv does the same.',
});
