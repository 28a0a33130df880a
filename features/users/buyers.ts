import { DomainError, notFound } from '#kernel/errors.ts';
import { newId } from '#kernel/ids.ts';
import { documentIdentity, type IdType, idNumberProblem, normaliseIdNumber } from './id-documents.ts';
import { maskIdNumber, maskName } from './masking.ts';
import type { PiiCipher } from './pii-cipher.ts';
import type { BuyerRecord, BuyerSummary, UsersDeps } from './port.ts';

/** The id hash's version: 2 is keyed on the document (id-documents.ts), 1 was type + number as typed. */
const ID_HASH_VERSION = 2;

type BuyerDeps = Pick<UsersDeps, 'buyers' | 'buyerCache' | 'pii' | 'clock'>;

/** Buyers per account: enough for a family, few enough that a scalper cannot farm identities. */
export const MAX_BUYERS_PER_USER = 20;

/** The id hash of a document (features/users/id-documents.ts: the document, not the declared type). */
const idHashOf = (pii: PiiCipher, idType: IdType, idNumber: string) =>
  pii.idHash(documentIdentity(idType, normaliseIdNumber(idNumber)));

/**
 * The masked view plus the id hash. Buyers stored before the current hash (none, or the first
 * version's, keyed on the declared type) get it computed here from their encrypted number.
 */
const summary = (b: BuyerRecord, pii: PiiCipher): BuyerSummary => ({
  buyerId: b.buyerId,
  idType: b.idType,
  name: b.nameMasked,
  idNumber: b.idNumberMasked,
  idHash:
    b.idHash && b.idHashVersion === ID_HASH_VERSION
      ? b.idHash
      : idHashOf(pii, b.idType as IdType, pii.decrypt(b.idNumberEncrypted, b.userId)),
});

/** Reloads the caller's buyers from DynamoDB into the Redis cache the hold path reads. */
export async function warmBuyerCache(
  d: Pick<UsersDeps, 'buyers' | 'buyerCache' | 'pii'>,
  userId: string,
): Promise<Map<string, BuyerSummary>> {
  const list = (await d.buyers.list(userId)).map((b) => summary(b, d.pii));
  await d.buyerCache.replace(userId, list);
  return new Map(list.map((b) => [b.buyerId, b]));
}

/**
 * Add a buyer: check the document number (PRC ids: format, birth date, check digit) →
 * encrypt name and number (AES-256-GCM, bound to the user) → write → refresh the cache.
 */
export async function addBuyer(
  d: BuyerDeps,
  userId: string,
  input: { name: string; idType: IdType; idNumber: string },
): Promise<BuyerSummary> {
  const idNumber = normaliseIdNumber(input.idNumber);
  const problem = idNumberProblem(input.idType, idNumber, new Date(d.clock.now()));
  if (problem) {
    throw new DomainError('VALIDATION_FAILED', 'The identity document number is not valid', {
      fields: [{ path: 'body.idNumber', message: problem }],
    });
  }
  const existing = await d.buyers.list(userId);
  if (existing.length >= MAX_BUYERS_PER_USER) {
    throw new DomainError('VALIDATION_FAILED', `At most ${MAX_BUYERS_PER_USER} buyers per account`, {
      fields: [{ path: 'body', message: `at most ${MAX_BUYERS_PER_USER} buyers per account` }],
    });
  }
  const record: BuyerRecord = {
    buyerId: newId('b', d.clock.now()),
    userId,
    idType: input.idType,
    nameEncrypted: d.pii.encrypt(input.name, userId),
    idNumberEncrypted: d.pii.encrypt(idNumber, userId),
    nameMasked: maskName(input.name),
    idNumberMasked: maskIdNumber(idNumber),
    idHash: idHashOf(d.pii, input.idType, idNumber),
    idHashVersion: ID_HASH_VERSION,
    createdAt: new Date(d.clock.now()).toISOString(),
  };
  await d.buyers.create(record);
  const added = summary(record, d.pii);
  await d.buyerCache.put(userId, added);
  const { idHash: _hash, ...shown } = added;
  return shown;
}

export async function listBuyers(d: BuyerDeps, userId: string): Promise<Omit<BuyerSummary, 'idHash'>[]> {
  return [...(await warmBuyerCache(d, userId)).values()].map(({ idHash: _hash, ...shown }) => shown);
}

export async function removeBuyer(d: BuyerDeps, userId: string, buyerId: string): Promise<void> {
  if (!(await d.buyers.delete(userId, buyerId))) throw notFound('Buyer');
  await d.buyerCache.drop(userId, buyerId);
}
