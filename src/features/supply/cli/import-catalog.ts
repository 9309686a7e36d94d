// `npm run supply:import -- catalog.csv [--actor zheng-tao]`: loads the office supplies catalog
// from a CSV file into the bot's database (the same rules as `/supply import`: a file with any bad
// row changes nothing, and every bad row is printed with its line). Stop the bot first when it
// runs on PGlite (the data folder lock says so). Exit code 0: imported; 1: refused or failed.
import { readFile } from 'node:fs/promises';
import { loadConfig } from '../../../config.ts';
import { type DataDirLock, lockDataDir } from '../../../db/data-dir-lock.ts';
import { openDatabase } from '../../../db/database.ts';
import { migrateDatabase } from '../../../db/migrate.ts';
import { DEFAULT_TIME_ZONE } from '../../../org/org-file.ts';
import { isAppError } from '../../../shared/errors.ts';
import { createLogger } from '../../../shared/logger.ts';
import { importCatalog, parseCatalogCsv } from '../catalog.ts';

const args = process.argv.slice(2);
const actorAt = args.indexOf('--actor');
const actor = actorAt >= 0 ? args[actorAt + 1] : undefined;
const file = args.find((arg, i) => !arg.startsWith('--') && !(actorAt >= 0 && i === actorAt + 1));

if (!file) {
  console.error('Usage: npm run supply:import -- <catalog.csv> [--actor <person id>]');
  console.error(
    'Columns (header row): 品名,规格,单位,库存,单价,预警值  (or name,spec,unit,stock,unit_price,threshold)',
  );
  process.exit(2);
}

try {
  const parsed = parseCatalogCsv(await readFile(file, 'utf8'));
  if (!parsed.ok) {
    if (parsed.malformedAt !== null)
      console.error(`${file}:${parsed.malformedAt}: malformed CSV (an unclosed quote?)`);
    if (parsed.missingColumns.length > 0)
      console.error(`${file}: the header lacks: ${parsed.missingColumns.join(', ')}`);
    for (const e of parsed.errors) console.error(`${file}:${e.line}: ${e.column ?? 'row'}: ${e.problem}`);
    console.error('Nothing was imported.');
    process.exitCode = 1;
  } else {
    const config = loadConfig(process.env);
    let lock: DataDirLock | undefined;
    if (config.database.kind === 'pglite') lock = await lockDataDir(config.dataDir);
    const db = await openDatabase(config.database);
    try {
      await migrateDatabase(db, createLogger({ level: 'warn', pretty: false }));
      const timeZone =
        (await db.prisma.unitSetting.findUnique({ where: { id: 'unit' } }))?.timeZone ?? DEFAULT_TIME_ZONE;
      const result = await importCatalog(db.prisma, {
        rows: parsed.rows,
        actorId: actor ?? 'import-cli',
        now: new Date(),
        timeZone,
      });
      console.log(
        `Catalog imported: ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged.`,
      );
      for (const s of result.stockIgnored) {
        console.log(
          `  ${s.name} ${s.spec}: stock ${s.booked} on the books, ${s.inFile} in the file — left as it is`,
        );
      }
    } finally {
      await db.close();
      await lock?.release();
    }
  }
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = 1;
}
