// `npm run archive:import -- catalog.csv [--report bad.csv] [--actor li-dangan]`: loads an
// existing archive catalog from a CSV file, streamed, in batches. Bad rows are written with their
// line numbers to the report (default `<file>.rejected.csv`) while the good rows load. Stop the bot
// first when it runs on PGlite (the data folder lock says so).
// Exit code 0: every row loaded; 1: some rows rejected (see the report) or the import failed;
// 2: usage.
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { loadConfig } from '../../../config.ts';
import { type DataDirLock, lockDataDir } from '../../../db/data-dir-lock.ts';
import { openDatabase } from '../../../db/database.ts';
import { migrateDatabase } from '../../../db/migrate.ts';
import { isAppError } from '../../../shared/errors.ts';
import { createLogger } from '../../../shared/logger.ts';
import { importArchiveCsv } from '../import.ts';
import { createProgressLine } from './progress.ts';

const args = process.argv.slice(2);
const optionValue = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const reportArg = optionValue('--report');
const actor = optionValue('--actor') ?? null;
const file = args.find((arg, i) => !arg.startsWith('--') && !args[i - 1]?.startsWith('--'));

if (!file) {
  console.error(
    'Usage: npm run archive:import -- <catalog.csv> [--report <rejected.csv>] [--actor <person id>]',
  );
  console.error(
    'Columns (header row): 档号,题名,文号,年度,类别,责任部门,保管期限,密级,页数,存放位置,文件,SHA256',
  );
  console.error(
    '  (or archive_no,title,doc_number,year,category,department,retention,secrecy,pages,location,file_ref,file_sha256)',
  );
  process.exit(2);
}

const reportPath = reportArg ?? `${file}.rejected.csv`;
try {
  const size = (await stat(file)).size;
  const config = loadConfig(process.env);
  let lock: DataDirLock | undefined;
  if (config.database.kind === 'pglite') lock = await lockDataDir(config.dataDir);
  const db = await openDatabase(config.database);
  const report = createWriteStream(reportPath);
  try {
    await migrateDatabase(db, createLogger({ level: 'warn', pretty: false }));
    const input = createReadStream(file);
    const progress = createProgressLine(process.stderr, size);
    const started = Date.now();
    const result = await importArchiveCsv({ prisma: db.prisma, now: new Date() }, input, {
      actorId: actor,
      report,
      onProgress: (p) => progress.update(p.bytesRead, `${p.loaded} loaded, ${p.rejected} rejected`),
    });
    progress.done(`${result.loaded} loaded, ${result.rejected} rejected`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Archive catalog imported: ${result.loaded} rows loaded, ${result.rejected} rejected, in ${seconds} s.`,
    );
    if (result.rejected > 0) {
      console.log(`Rejected rows, with their line numbers: ${reportPath}`);
      process.exitCode = 1;
    }
  } finally {
    report.end();
    await finished(report);
    await db.close();
    await lock?.release();
  }
} catch (error) {
  if (isAppError(error) && error.code === 'archive_import_header')
    console.error(`${file}: the header lacks: ${error.params.missing}. Nothing was imported.`);
  else console.error(isAppError(error) ? error.message : error);
  process.exitCode = 1;
}
