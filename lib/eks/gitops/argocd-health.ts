/*
 * The one Argo CD setting both engines carry: the health of an Application as its parent sees it.
 */

/** The `argocd-cm` key of a custom health check (argo-cd v3.4.4 docs/operator-manual/health.md: `<group>_<kind>`). */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * A child Application's health as the root Application sees it. Argo CD v3.4.4 assesses no health for Applications
 * (docs/operator-manual/health.md, "Argocd App": removed in 1.8), so without this check a root sync wave would not wait for the
 * namespace Applications of the wave before it. The Lua is that page's, verbatim.
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil then
  if obj.status.health ~= nil then
    hs.status = obj.status.health.status
    if obj.status.health.message ~= nil then
      hs.message = obj.status.health.message
    end
  end
end
return hs
`;

/**
 * The `argocd-cm` ConfigMap of the managed capability: it reads the supported settings from a ConfigMap of that name
 * in its namespace, labelled `app.kubernetes.io/part-of: argocd`, and `resource.customizations.health.<group>_<kind>`
 * is among them (EKS user guide, argocd-configure-settings.adoc, "Supported settings" and "Custom health checks").
 * Nothing secret may go here: a ConfigMap is not a secure store.
 */
export function managedArgoCdSettings(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'argocd-cm',
      namespace,
      labels: { 'app.kubernetes.io/part-of': 'argocd', 'app.kubernetes.io/managed-by': 'marathon-to-eks' },
    },
    data: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA },
  };
}
