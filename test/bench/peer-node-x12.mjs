// Whole-process peer for `npm run bench:x12`: node-x12's strict parser over a file to its
// interchange object model, transaction sets counted.
import { readFileSync } from 'node:fs';
import nodeX12 from 'node-x12';

const interchange = new nodeX12.X12Parser(true).parse(readFileSync(process.argv[2], 'utf8'));
process.stdout.write(`${interchange.functionalGroups.reduce((n, g) => n + g.transactions.length, 0)}\n`);
