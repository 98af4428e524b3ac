// The first module the product's entry points load: under an unsupported Node it prints one line
// naming the version needed and exits before anything else runs. Written in syntax every Node
// since 12 parses (no optional chaining, no top-level await), because its whole job is to run
// there.
var MINIMUM = [22, 20];
var parts = process.versions.node.split(".").map(Number);
if (parts[0] < MINIMUM[0] || (parts[0] === MINIMUM[0] && parts[1] < MINIMUM[1])) {
  process.stderr.write(
    "Pixorly needs Node.js " + MINIMUM.join(".") + " or newer (24 LTS recommended); this is Node.js " + process.versions.node +
      ". Run `. scripts/use-node.sh` to get Node 24, or see the README's \"Node versions\".\n",
  );
  process.exit(1);
}
