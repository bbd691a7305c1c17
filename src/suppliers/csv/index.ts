/** Catalogue CSV formats (SPEC §3): pure read/validate/write, no database and no file system. */
export { CATALOGUE_COLUMNS, CATALOGUE_FILES, formatCsvError } from './catalogue-columns';
export type { CatalogueFile, CsvError } from './catalogue-columns';
export { parseCatalogueFiles } from './parse-catalogue-files';
export type { ExistingCatalogueKeys, ParsedCatalogue } from './parse-catalogue-files';
export { writeCatalogueFiles } from './write-catalogue-files';
