import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini ships no messages of its own ("Invalid input" for every issue): with this module
 * imported, issues say what is wrong in English, as zod's classic build does. The request
 * and response schemas import it, so whatever validates with them gets the same messages;
 * only English is bundled (zod's other ~40 locales are ~450 KB).
 */
z.config(en());
