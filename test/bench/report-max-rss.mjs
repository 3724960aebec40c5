// Preloaded with --import: prints the process's peak resident set size on stderr when it exits.
process.on('exit', () => {
  process.stderr.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
});
