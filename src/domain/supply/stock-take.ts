// 盘点: the keeper's counted quantities against the books. Pure.

/** One item's count: what the books say, what is on the shelf, and the difference. */
export interface CountDifference {
  itemId: string;
  booked: number;
  counted: number;
  /** counted − booked: positive is a surplus (盘盈), negative a shortfall (盘亏). */
  difference: number;
}

/**
 * The differences of a count (items counted the same as booked are left out). Items not counted
 * are not touched: a partial count only adjusts what was counted.
 */
export function countDifferences(
  books: ReadonlyArray<{ itemId: string; stock: number }>,
  counted: ReadonlyMap<string, number>,
): CountDifference[] {
  const differences: CountDifference[] = [];
  for (const { itemId, stock } of books) {
    const count = counted.get(itemId);
    if (count === undefined || count === stock) continue;
    differences.push({ itemId, booked: stock, counted: count, difference: count - stock });
  }
  return differences;
}
