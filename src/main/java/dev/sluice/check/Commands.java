package dev.sluice.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads kubectl invocations out of container command lines and shell scripts: enough to tell which
 * workloads a {@code kubectl scale} call names and to what count, without running a shell.
 */
final class Commands {
    /** One {@code kubectl scale} call: the objects it names, its selector, --all, and the replica count word. */
    record Scale(List<String> names, String selector, boolean all, String replicas) {
        boolean toZero() {
            return replicas.equals("0");
        }

        /** True when the call names this Deployment (kind/name, a bare name after the kind, --all or a matching selector). */
        boolean names(String name, com.fasterxml.jackson.databind.JsonNode labels) {
            if (all || names.contains(name)) {
                return true;
            }
            if (selector == null) {
                return false;
            }
            for (String pair : selector.split(",")) {
                String[] kv = pair.split("==?", 2);
                if (kv.length != 2 || !labels.path(kv[0].trim()).asText("\u0000").equals(kv[1].trim())) {
                    return false;
                }
            }
            return true;
        }
    }

    private Commands() {
    }

    static List<Scale> scales(String script) {
        List<Scale> out = new ArrayList<>();
        for (String segment : script.split("\\n|;|&&|\\|\\||\\|")) {
            List<String> words = words(segment);
            int k = words.indexOf("kubectl");
            if (k < 0 || !words.subList(k, words.size()).contains("scale")) {
                continue;
            }
            List<String> rest = words.subList(words.indexOf("scale") + 1, words.size());
            List<String> names = new ArrayList<>();
            String selector = null;
            boolean all = false;
            String replicas = null;
            boolean kindSeen = false;
            for (int i = 0; i < rest.size(); i++) {
                String w = rest.get(i);
                if (w.startsWith("--replicas")) {
                    replicas = w.contains("=") ? w.substring(w.indexOf('=') + 1) : i + 1 < rest.size() ? rest.get(++i) : "";
                } else if (w.equals("-l") || w.equals("--selector")) {
                    selector = i + 1 < rest.size() ? rest.get(++i) : "";
                } else if (w.startsWith("--selector=") || w.startsWith("-l=")) {
                    selector = w.substring(w.indexOf('=') + 1);
                } else if (w.equals("--all")) {
                    all = true;
                } else if (w.equals("-n") || w.equals("--namespace") || w.equals("--timeout") || w.equals("--current-replicas")
                        || w.equals("--resource-version") || w.equals("-o") || w.equals("--output")) {
                    i++;
                } else if (w.startsWith("-")) {
                    continue;
                } else if (w.contains("/")) {
                    names.add(w.substring(w.indexOf('/') + 1));
                } else if (!kindSeen) {
                    kindSeen = true;
                } else {
                    names.add(w);
                }
            }
            if (replicas != null) {
                out.add(new Scale(names, selector, all, replicas.replaceAll("[\"']", "")));
            }
        }
        return out;
    }

    private static List<String> words(String segment) {
        List<String> out = new ArrayList<>();
        for (String w : segment.trim().split("\\s+")) {
            String word = w.replaceAll("^[\"'(]+|[\"')]+$", "");
            if (!word.isEmpty()) {
                out.add(word);
            }
        }
        return out;
    }
}
