// One rule for every CSV file the bot writes (registers, the ledger, the report), after OWASP's
// advice on CSV injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return before one) as a formula, so such a cell gets a leading ' and is read as text.

const FORMULA_START = /^[=+\-@\t\r]/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/u;

/** `cell` as a spreadsheet should read it: text that would run as a formula gets a leading '. */
export function defuseCsvCell(cell: string, options: { signedNumbers?: boolean } = {}): string {
  if (!FORMULA_START.test(cell)) return cell;
  // A signed number (an issue's −5 in the ledger) is a number, not a formula.
  if (options.signedNumbers && NUMBER.test(cell)) return cell;
  return `'${cell}`;
}
