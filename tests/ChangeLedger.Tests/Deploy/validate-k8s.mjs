// Validates Kubernetes objects against the OpenAPI schemas the npm package kubernetes-models carries.
//   node validate-k8s.mjs <node_modules folder> <objects.json>
// Prints {"Kind/name": null | "" | "the failures"}: null when the package has no model for the kind, "" when valid.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, input] = process.argv.slice(2);
const result = {};
for (const object of JSON.parse(readFileSync(input, "utf8"))) {
  const id = `${object.kind}/${object.metadata?.name}`;
  const module = join(modules, "kubernetes-models", ...object.apiVersion.split("/"), `${object.kind}.js`);
  if (!existsSync(module)) { result[id] = null; continue; }
  const Model = (await import(pathToFileURL(module).href))[object.kind];
  try { new Model(object).validate(); result[id] = ""; }
  catch (error) { result[id] = error.message; }
}
console.log(JSON.stringify(result));
