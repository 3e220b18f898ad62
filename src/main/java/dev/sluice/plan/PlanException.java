package dev.sluice.plan;

import dev.sluice.stream.StreamException;

/** A plan that cannot be applied: the message says which plan, which field, and what to do. */
public class PlanException extends StreamException {
    public PlanException(String message) {
        super(message);
    }
}
