/** Catalogue CSV formats (SPEC §3): pure read/validate/write, no database. Only csv-stream.ts reads files. */
export { CATALOGUE_COLUMNS, CATALOGUE_FILES, csvError, describeCsvError, formatCsvError } from './catalogue-columns';
export type { CatalogueFile, CsvError, UploadSource } from './catalogue-columns';
export { problem, problemText } from './csv-problem';
export type { CsvMessageKey, CsvProblem } from './csv-problem';
export { parseCatalogueFiles, tableOf } from './parse-catalogue-files';
export type { CatalogueSource, ExistingCatalogueKeys, ParsedCatalogue } from './parse-catalogue-files';
export { CatalogueFileReader, FileReferences, PART_OF_FILE, REFERENCED_FILES, referencesOf } from './catalogue-file-reader';
export type { CatalogueRowOf } from './catalogue-file-reader';
export { MalformedCsvError, readCsvFile } from './csv-stream';
export type { CsvRecord } from './csv-table';
export { catalogueTables, writeCatalogueFiles } from './write-catalogue-files';
