import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

/** The client inside `prisma.$transaction(async (tx) => …)`: repositories take this or the client. */
export type Tx = Prisma.TransactionClient;

/** Either the client or a transaction's client: for reads and writes that may run in either. */
export type Db = PrismaClient | Tx;
