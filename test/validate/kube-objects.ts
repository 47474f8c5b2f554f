/**
 * Small valid objects of every kind the tool emits, shaped like the translator's and the EKS environment's output,
 * and a helper to break one field of a fresh copy.
 */

// Tests reach deep into these objects to break one field; `any` keeps those edits readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

const LABELS = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/managed-by': 'marathon-to-eks' };
const SELECT = { 'app.kubernetes.io/name': 'web' };

const meta = (name: string) => ({
  name,
  namespace: 'shop',
  labels: { ...LABELS },
  annotations: { 'marathon-to-eks/source': '/shop/web' },
});

export function container(): Obj {
  return {
    name: 'web',
    image: 'nginx:1.25',
    imagePullPolicy: 'IfNotPresent',
    command: ['/bin/sh', '-c', 'python3 -m http.server $PORT0'],
    env: [
      { name: 'PORT0', value: '8080' },
      { name: 'HOST', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    ],
    ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 1, memory: '128Mi' } },
    livenessProbe: {
      httpGet: { path: '/', port: 'http' },
      initialDelaySeconds: 300,
      periodSeconds: 60,
      timeoutSeconds: 20,
      failureThreshold: 3,
    },
    readinessProbe: { tcpSocket: { port: 8080 } },
    volumeMounts: [{ name: 'data', mountPath: '/data' }],
  };
}

function podTemplate(restartPolicy?: string): Obj {
  return {
    metadata: { labels: { ...SELECT } },
    spec: {
      containers: [container()],
      volumes: [{ name: 'data', emptyDir: {} }],
      ...(restartPolicy && { restartPolicy }),
    },
  };
}

export const namespace = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'shop', labels: { ...LABELS } },
});

export const service = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('web'),
  spec: {
    selector: { ...SELECT },
    ports: [
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'admin', port: 9090, targetPort: 9090 },
    ],
  },
});

export const configMap = (): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta('web-config'),
  data: { 'app.properties': 'a=1', MODE: 'prod' },
});

export const secret = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: meta('registry'),
  type: 'kubernetes.io/dockerconfigjson',
  data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
});

export const serviceAccount = (): Obj => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('web') });

export const persistentVolumeClaim = (): Obj => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: meta('data-web'),
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'gp3' },
});

export const deployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta('web'),
  spec: {
    replicas: 2,
    selector: { matchLabels: { ...SELECT } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } },
    template: podTemplate(),
  },
});

export const statefulSet = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: meta('db'),
  spec: {
    serviceName: 'db',
    replicas: 1,
    selector: { matchLabels: { ...SELECT } },
    template: {
      metadata: { labels: { ...SELECT } },
      spec: { containers: [{ ...container(), volumeMounts: [{ name: 'pgdata', mountPath: '/var/lib/postgresql' }] }] },
    },
    volumeClaimTemplates: [
      {
        metadata: { name: 'pgdata' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      },
    ],
  },
});

export const daemonSet = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: meta('agent'),
  spec: {
    selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] },
    template: podTemplate(),
  },
});

export const job = (): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: meta('migrate'),
  spec: { backoffLimit: 0, template: podTemplate('Never') },
});

export const cronJob = (): Obj => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: meta('backup-nightly'),
  spec: {
    schedule: '0 2 * * *',
    timeZone: 'Europe/Berlin',
    concurrencyPolicy: 'Allow',
    startingDeadlineSeconds: 900,
    jobTemplate: { metadata: { labels: { ...SELECT } }, spec: { template: podTemplate('OnFailure') } },
  },
});

export const ingress = (): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { ...meta('web'), annotations: { 'alb.ingress.kubernetes.io/scheme': 'internet-facing' } },
  spec: {
    ingressClassName: 'alb',
    rules: [
      {
        host: 'web.example.com',
        http: {
          paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }],
        },
      },
    ],
  },
});

export const networkPolicy = (): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: meta('web'),
  spec: {
    podSelector: { matchLabels: { ...SELECT } },
    policyTypes: ['Ingress'],
    ingress: [
      {
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } } }],
        ports: [{ port: 'http', protocol: 'TCP' }],
      },
    ],
  },
});

export const podDisruptionBudget = (): Obj => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: meta('web'),
  spec: { minAvailable: 1, selector: { matchLabels: { ...SELECT } } },
});

export const horizontalPodAutoscaler = (): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: meta('web'),
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  },
});

// Kinds the EKS environment (lib/eks) emits through KubernetesManifests, shaped as it emits them.

export const storageClass = (): Obj => ({
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: 'ebs.csi.aws.com',
  parameters: {
    type: 'gp3',
    encrypted: 'true',
    'csi.storage.k8s.io/fstype': 'ext4',
    tagSpecification_1: 'marathon-to-eks/cluster=X',
  },
  volumeBindingMode: 'WaitForFirstConsumer',
  allowVolumeExpansion: true,
  reclaimPolicy: 'Delete',
});

export const validatingAdmissionPolicy = (): Obj => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'marathon-to-eks-secret-store-roles' },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [
        {
          apiGroups: ['external-secrets.io'],
          apiVersions: ['*'],
          operations: ['CREATE', 'UPDATE'],
          resources: ['secretstores'],
        },
      ],
    },
    validations: [
      {
        expression:
          "!has(object.spec.provider.aws.role) || object.spec.provider.aws.role.startsWith('arn:aws:iam::123456789012:role/marathon-to-eks/')",
        message: 'a SecretStore may only assume roles of marathon-to-eks',
      },
    ],
  },
});

export const validatingAdmissionPolicyBinding = (): Obj => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: 'marathon-to-eks-secret-store-roles' },
  spec: { policyName: 'marathon-to-eks-secret-store-roles', validationActions: ['Deny'] },
});

const AWS_PROVIDER = {
  aws: {
    service: 'SecretsManager',
    region: 'us-east-1',
    role: 'arn:aws:iam::123456789012:role/marathon-to-eks/c/platform/r',
  },
};

export const clusterSecretStore = (): Obj => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ClusterSecretStore',
  metadata: { name: 'platform-secrets' },
  spec: { provider: structuredClone(AWS_PROVIDER), conditions: [{ namespaces: ['monitoring'] }] },
});

export const secretStore = (): Obj => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'SecretStore',
  metadata: { name: 'aws-secrets-manager', namespace: 'shop' },
  spec: { provider: structuredClone(AWS_PROVIDER) },
});

export const externalSecret = (): Obj => ({
  apiVersion: 'external-secrets.io/v1',
  kind: 'ExternalSecret',
  metadata: { name: 'db', namespace: 'shop' },
  spec: {
    refreshInterval: '1h',
    secretStoreRef: { kind: 'SecretStore', name: 'aws-secrets-manager' },
    target: { name: 'db', creationPolicy: 'Owner', template: { type: 'kubernetes.io/dockerconfigjson' } },
    data: [{ secretKey: 'password', remoteRef: { key: 'marathon-to-eks/shop/db', property: 'password' } }],
  },
});

// prometheus-operator's monitoring kinds (crd-schemas-monitoring.generated.json), shaped as the translation emits them.

export const serviceMonitor = (): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: meta('web'),
  spec: {
    selector: { matchLabels: { ...SELECT } },
    endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s', scheme: 'http' }],
  },
});

export const podMonitor = (): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PodMonitor',
  metadata: meta('web'),
  spec: {
    selector: { matchLabels: { ...SELECT } },
    podMetricsEndpoints: [{ port: 'metrics', path: '/metrics', interval: '1m' }],
  },
});

export const prometheusRule = (): Obj => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: meta('marathon-to-eks-alerts'),
  spec: {
    groups: [
      {
        name: 'marathon-to-eks.shop',
        interval: '1m',
        rules: [
          {
            alert: 'MarathonAppUnderReplicated',
            expr: 'kube_deployment_status_replicas_available{namespace="shop",deployment="web"} < 2',
            for: '5m',
            labels: { severity: 'warning', marathon_id: '/shop/web' },
            annotations: { runbook_url: 'https://wiki.example.com/runbooks/shop/web', summary: 'web is down' },
          },
          { record: 'marathon_to_eks:restarts:rate5m', expr: 'rate(kube_pod_container_status_restarts_total[5m])' },
        ],
      },
    ],
  },
});

/** One valid object per kind, by kind name. */
export const VALID: Readonly<Record<string, () => Obj>> = {
  Namespace: namespace,
  Service: service,
  ConfigMap: configMap,
  Secret: secret,
  ServiceAccount: serviceAccount,
  PersistentVolumeClaim: persistentVolumeClaim,
  Deployment: deployment,
  StatefulSet: statefulSet,
  DaemonSet: daemonSet,
  Job: job,
  CronJob: cronJob,
  Ingress: ingress,
  NetworkPolicy: networkPolicy,
  PodDisruptionBudget: podDisruptionBudget,
  HorizontalPodAutoscaler: horizontalPodAutoscaler,
  StorageClass: storageClass,
  ValidatingAdmissionPolicy: validatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding: validatingAdmissionPolicyBinding,
  ClusterSecretStore: clusterSecretStore,
  SecretStore: secretStore,
  ExternalSecret: externalSecret,
  ServiceMonitor: serviceMonitor,
  PodMonitor: podMonitor,
  PrometheusRule: prometheusRule,
};

/** A fresh valid object of `make`'s kind with `edit` applied. */
export function broken(make: () => Obj, edit: (object: Obj) => void): Obj {
  const object = make();
  edit(object);
  return object;
}
