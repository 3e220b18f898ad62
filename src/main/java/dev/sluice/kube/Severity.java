package dev.sluice.kube;

/** How bad a finding is; the words are KRM's result severities. */
public enum Severity {
    ERROR("error"), WARNING("warning"), INFO("info");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
