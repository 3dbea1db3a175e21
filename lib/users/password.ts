/** Password hashing with bcrypt (pure-JS bcryptjs: no native build, same hashes as bcrypt). */
import bcrypt from "bcryptjs";

const COST = 10;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const verifyPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);
