// Whole-process peer for `npm run bench:x12`: x12-parser's streaming tokenizer over a file,
// segments counted, nothing else (no validation, no mapping, no output but the count).
import { createReadStream } from 'node:fs';
import { X12parser } from 'x12-parser';

let segments = 0;
const parser = new X12parser();
parser.on('data', () => {
  segments++;
});
parser.on('end', () => process.stdout.write(`${segments}\n`));
createReadStream(process.argv[2]).pipe(parser);
