/** "1 credit", "2 credits": every count a person reads goes through this. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
