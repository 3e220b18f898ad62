package dev.sluice.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How old pods are treated while the migration runs. */
public enum Strategy {
    /** Old pods keep serving; new pods wait at the gate. */
    ROLLING("rolling"),
    /** Targets are scaled to 0 before the migration and restored after. */
    SCALE_DOWN("scale-down"),
    /** Targets are deleted before the migration; Helm recreates them. */
    DELETE("delete");

    private final String word;

    Strategy(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    @JsonCreator
    public static Strategy of(String word) {
        for (Strategy s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + word + "'; one of: "
                + Arrays.stream(values()).map(Strategy::word).collect(Collectors.joining(", ")));
    }
}
