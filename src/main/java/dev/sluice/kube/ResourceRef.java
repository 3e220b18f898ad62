package dev.sluice.kube;

/** The object a finding is about, as KRM's {@code resourceRef} names it. */
public record ResourceRef(String apiVersion, String kind, String name, String namespace) {
    public String kindName() {
        return (kind.isEmpty() ? "?" : kind) + "/" + (name.isEmpty() ? "?" : name);
    }
}
