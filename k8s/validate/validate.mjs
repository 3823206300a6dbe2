// Validates every Kubernetes manifest under a folder (default: k8s/) against the API schemas that the npm package
// kubernetes-models ships (generated from Kubernetes' OpenAPI; types, required fields, enums, formats), then checks
// what schemas cannot: selectors that match their pods, references to ConfigMaps, Secrets, Services and Deployments
// that exist, and kustomization resources that exist. Exits 1 with one line per problem.
// Not checked (unlike kubeconform -strict): unknown fields, which the schemas allow.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { join, relative, dirname } from "node:path";
import { parseAllDocuments } from "yaml";

const root = process.argv[2] ?? "..";
const problems = [];
const objects = [];

function yamlFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

function modulePath(apiVersion) {
  return apiVersion.includes("/") ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion}`;
}

for (const file of yamlFiles(root)) {
  const where = relative(root, file);
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, doc] of docs.entries()) {
    if (doc.errors.length) {
      problems.push(`${where}#${index}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    if (object.kind === "Kustomization") {
      for (const resource of object.resources ?? []) {
        if (!existsSync(join(dirname(file), resource))) problems.push(`${where}: resource ${resource} does not exist`);
      }
      continue;
    }
    const label = `${where}#${index} ${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    if (!object.apiVersion || !object.kind) {
      problems.push(`${label}: apiVersion and kind are required`);
      continue;
    }
    let model;
    try {
      model = (await import(modulePath(object.apiVersion)))[object.kind];
    } catch (e) {
      model = undefined;
    }
    if (!model) {
      problems.push(`${label}: unknown apiVersion/kind ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (e) {
      problems.push(`${label}: ${e.message.split("\n").join(" | ")}`);
      continue;
    }
    objects.push({ where: label, object });
  }
}

// Cross-references, within the set of manifests.
const named = (kind) => new Map(objects.filter((o) => o.object.kind === kind).map((o) => [o.object.metadata.name, o]));
const deployments = named("Deployment");
const statefulSets = named("StatefulSet");
const services = named("Service");
const configMaps = named("ConfigMap");
const secrets = named("Secret");
const workloads = [...deployments.values(), ...statefulSets.values()];
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);

for (const { where, object } of workloads) {
  const labels = object.spec.template.metadata?.labels;
  if (!matches(object.spec.selector.matchLabels, labels)) problems.push(`${where}: selector does not match the pod labels`);
  const containers = [...(object.spec.template.spec.containers ?? []), ...(object.spec.template.spec.initContainers ?? [])];
  for (const container of containers) {
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef && !configMaps.has(source.configMapRef.name)) problems.push(`${where}: no ConfigMap ${source.configMapRef.name}`);
      if (source.secretRef && !secrets.has(source.secretRef.name)) problems.push(`${where}: no Secret ${source.secretRef.name}`);
    }
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef ?? variable.valueFrom?.configMapKeyRef;
      if (!ref) continue;
      const owner = variable.valueFrom.secretKeyRef ? secrets.get(ref.name) : configMaps.get(ref.name);
      const keys = owner ? { ...owner.object.data, ...owner.object.stringData } : undefined;
      if (!keys || !(ref.key in keys)) problems.push(`${where}: env ${variable.name} refers to missing ${ref.name}/${ref.key}`);
    }
    for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
      const port = container[probe]?.httpGet?.port;
      if (typeof port === "string" && !(container.ports ?? []).some((p) => p.name === port)) problems.push(`${where}: ${probe} names unknown port ${port}`);
    }
  }
}
for (const { where, object } of services.values()) {
  const targets = workloads.filter((w) => matches(object.spec.selector, w.object.spec.template.metadata?.labels));
  if (targets.length === 0) problems.push(`${where}: selector matches no Deployment or StatefulSet`);
  for (const port of object.spec.ports ?? []) {
    if (typeof port.targetPort === "string" && !targets.some((w) => w.object.spec.template.spec.containers.some((c) => (c.ports ?? []).some((p) => p.name === port.targetPort)))) {
      problems.push(`${where}: targetPort ${port.targetPort} is no named container port`);
    }
  }
}
for (const { where, object } of objects.filter((o) => o.object.kind === "HorizontalPodAutoscaler")) {
  const target = object.spec.scaleTargetRef;
  if (target.kind === "Deployment" && !deployments.has(target.name)) problems.push(`${where}: no Deployment ${target.name}`);
  if (object.spec.minReplicas > object.spec.maxReplicas) problems.push(`${where}: minReplicas > maxReplicas`);
}
for (const { where, object } of objects.filter((o) => o.object.kind === "PodDisruptionBudget")) {
  if (!workloads.some((w) => matches(object.spec.selector.matchLabels, w.object.spec.template.metadata?.labels))) problems.push(`${where}: selector matches no pods`);
}
for (const { where, object } of objects.filter((o) => o.object.kind === "Ingress")) {
  for (const rule of object.spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      const name = path.backend.service?.name;
      if (name && !services.has(name)) problems.push(`${where}: no Service ${name}`);
    }
  }
}

for (const problem of problems) console.error(problem);
console.log(`k8s manifests: ${objects.length} objects valid, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
