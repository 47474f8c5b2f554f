/** The StorageClasses rendered objects claim: StatefulSet volumeClaimTemplates and PersistentVolumeClaims, by name. */
export function claimedStorageClasses(objects: readonly unknown[]): Map<string, string[]> {
  const claimed = new Map<string, string[]>();
  const add = (storageClass: unknown, owner: string) => {
    if (typeof storageClass !== 'string') {
      return;
    }
    const owners = claimed.get(storageClass) ?? [];
    if (!owners.includes(owner)) {
      owners.push(owner);
    }
    claimed.set(storageClass, owners);
  };
  for (const object of objects as {
    kind?: string;
    metadata?: { name?: string; namespace?: string };
    spec?: { storageClassName?: unknown; volumeClaimTemplates?: { spec?: { storageClassName?: unknown } }[] };
  }[]) {
    const owner = `${object.metadata?.namespace ?? 'default'}/${object.metadata?.name ?? '?'}`;
    if (object.kind === 'PersistentVolumeClaim') {
      add(object.spec?.storageClassName, owner);
    }
    if (object.kind === 'StatefulSet') {
      for (const template of object.spec?.volumeClaimTemplates ?? []) {
        add(template.spec?.storageClassName, owner);
      }
    }
  }
  return claimed;
}

/** A warning for each StorageClass the objects claim that the environment does not make (their claims would stay Pending). */
export function storageClassMismatches(objects: readonly unknown[], provided: readonly string[]): string[] {
  return [...claimedStorageClasses(objects)]
    .filter(([storageClass]) => !provided.includes(storageClass))
    .map(
      ([storageClass, owners]) =>
        `${owners.slice(0, 5).join(', ')}${owners.length > 5 ? ` and ${owners.length - 5} more` : ''} claim the StorageClass ${JSON.stringify(storageClass)}, which the environment does not make (it makes ${provided.length > 0 ? provided.map((name) => JSON.stringify(name)).join(', ') : 'none: the ebsCsi add-on is off'}): their volumes would stay Pending. Translate with the option storageClass set to it, or name the ebsCsi StorageClass after it`,
    );
}
