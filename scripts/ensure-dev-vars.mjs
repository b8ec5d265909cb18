// Creates .dev.vars from the committed .dev.vars.example when it is absent, so local secrets exist.
// Used by `npm run dev` (scripts/dev.mjs) and by .ci/run, which need the same secret names.
import { constants, copyFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Returns true when it created .dev.vars, false when one was already there. */
export function ensureDevVars(root = projectRoot) {
  const target = join(root, ".dev.vars");
  const example = join(root, ".dev.vars.example");
  if (existsSync(target)) return false;
  try {
    // COPYFILE_EXCL: never overwrite a .dev.vars that appeared since the check above.
    copyFileSync(example, target, constants.COPYFILE_EXCL);
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw error;
  }
  console.log("Created .dev.vars from .dev.vars.example (local development secrets; edit it as you like).");
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  ensureDevVars();
}
