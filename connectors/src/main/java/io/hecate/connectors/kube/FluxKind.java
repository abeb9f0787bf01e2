package io.hecate.connectors.kube;

/** The Flux objects Hecate touches, addressed without Flux model jars. */
public enum FluxKind {
    KUSTOMIZATION("kustomize.toolkit.fluxcd.io", "v1", "Kustomization", "kustomizations"),
    HELM_RELEASE("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases"),
    GIT_REPOSITORY("source.toolkit.fluxcd.io", "v1", "GitRepository", "gitrepositories");

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;

    FluxKind(String group, String version, String kind, String plural) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
    }

    public String group() {
        return group;
    }

    public String version() {
        return version;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public String apiVersion() {
        return group + "/" + version;
    }
}
